namespace ReferralFunctions.Referrals.Intake;

/// <summary>A problem with one field: its JSON path (e.g. <c>$.shipment.containerNumbers[0]</c>) and the rule it breaks. Never carries the value.</summary>
public sealed record FieldProblem(string Path, string Message);
