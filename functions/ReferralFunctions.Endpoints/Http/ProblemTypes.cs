namespace ReferralFunctions.Http;

/// <summary>
/// The stable <c>type</c> of every problem the API answers with (after <see cref="Problems.TypePrefix"/>): clients
/// branch on these, so a value never changes.
/// </summary>
public static class ProblemTypes
{
    public const string BadRequest = "bad-request";
    public const string Starting = "starting";
    public const string InvalidDisclosure = "invalid-disclosure";
    public const string DisclosureIdReused = "disclosure-id-reused";
    public const string InvalidDisclosureDecision = "invalid-disclosure-decision";
    public const string FourEyes = "four-eyes";
    public const string DisclosureDecided = "disclosure-decided";
    public const string RevealNotAllowed = "reveal-not-allowed";
    public const string BodyTooLarge = "body-too-large";
    public const string IdempotencyKeyRequired = "idempotency-key-required";
    public const string MalformedJson = "malformed-json";
    public const string InvalidValidationAnswer = "invalid-validation-answer";
    public const string FeedbackNotAvailable = "feedback-not-available";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string InvalidReferral = "invalid-referral";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string IdempotencyKeyInUse = "idempotency-key-in-use";
    public const string InvalidDecision = "invalid-decision";
    public const string WorkflowHealthy = "workflow-healthy";
    public const string RepairPending = "repair-pending";
    public const string StepNotOpen = "step-not-open";
    public const string DecisionIdReused = "decision-id-reused";
    public const string RateLimited = "rate-limited";
    public const string InvalidQuery = "invalid-query";
    public const string InvalidQuestion = "invalid-question";
    public const string NoLocalMessages = "no-local-messages";
    public const string InvalidPurpose = "invalid-purpose";
    public const string Unauthorized = "unauthorized";
    public const string StaffUnauthorized = "staff-unauthorized";
    public const string StaffStepUpRequired = "staff-step-up-required";
    public const string Forbidden = "forbidden";
    public const string Unavailable = "unavailable";
    public const string IfMatchRequired = "if-match-required";
    public const string StaleEtag = "stale-etag";
    public const string NotFound = "not-found";
    public const string HttpsRequired = "https-required";
    public const string Internal = "internal";
}
