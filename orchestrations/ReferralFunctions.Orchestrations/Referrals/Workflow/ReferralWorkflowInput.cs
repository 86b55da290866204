namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Input of a referral's orchestration: ids only. The referral itself stays in storage, so orchestration history never
/// holds its content. <paramref name="Resume"/> is set when a supervisor repairs a workflow: the new run picks up from
/// the stage stored in Table Storage instead of starting at receipt.
/// </summary>
public sealed record ReferralWorkflowInput(string ReferralId, bool Resume = false);

/// <summary>How a referral's orchestration ended.</summary>
public sealed record ReferralWorkflowResult(string ReferralId, ReferralStatus FinalStatus);

/// <summary>
/// The orchestration's custom status: the internal stage, the decisions it waits for (comma-separated) and, while it
/// waits, when its timer fires (the workflow health check calls a workflow stuck that has not moved well past that).
/// </summary>
public sealed record ReferralWorkflowStatus(ReferralStatus Stage, string OpenDecisions = "", DateTime? WaitingUntil = null);
