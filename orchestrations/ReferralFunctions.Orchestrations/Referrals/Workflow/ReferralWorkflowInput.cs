namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Input of a referral's orchestration: ids only. The referral itself stays in storage, so orchestration history never
/// holds its content.
/// </summary>
public sealed record ReferralWorkflowInput(string ReferralId);

/// <summary>How a referral's orchestration ended.</summary>
public sealed record ReferralWorkflowResult(string ReferralId, ReferralStatus FinalStatus);

/// <summary>The orchestration's custom status: the internal stage and the decisions it waits for (comma-separated).</summary>
public sealed record ReferralWorkflowStatus(ReferralStatus Stage, string OpenDecisions = "");
