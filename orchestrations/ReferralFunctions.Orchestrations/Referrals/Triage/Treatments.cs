namespace ReferralFunctions.Referrals.Triage;

/// <summary>The treatments an analyst can choose (and the risk assessment can propose).</summary>
public static class Treatments
{
    public const string DocumentaryCheck = "documentary-check";
    public const string ReExamination = "re-examination";
    public const string XRay = "x-ray";
    public const string Unpack = "unpack";
    public const string Sampling = "sampling";
    public const string ControlledDelivery = "controlled-delivery";
    public const string Monitor = "monitor";
    public const string NoFurtherAction = "no-further-action";

    public static readonly IReadOnlyList<string> All = [DocumentaryCheck, ReExamination, XRay, Unpack, Sampling, ControlledDelivery, Monitor, NoFurtherAction];
}
