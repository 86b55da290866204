namespace ReferralFunctions.Referrals.Intake;

/// <summary>An indicator produced by validation (a data-quality finding), with the path of the field it concerns.</summary>
public sealed record DerivedIndicator(string Code, string Path);
