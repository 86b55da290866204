namespace ReferralFunctions.Carriers;

/// <summary>Header names of a signed carrier request.</summary>
public static class CarrierHeaders
{
    public const string CarrierId = "X-Carrier-Id";
    public const string Timestamp = "X-Timestamp";
    public const string Nonce = "X-Nonce";
    public const string Signature = "X-Signature";
}
