using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ReferralFunctions.Carriers;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>Calls the API as a carrier does: every request signed, with a fresh nonce and the current time.</summary>
public sealed class CarrierClient(HttpClient http, string carrierId, string secret)
{
    public string CarrierId => carrierId;

    public Task<HttpResponseMessage> SubmitAsync(JsonNode referral, string? idempotencyKey = null) =>
        SubmitAsync(Encoding.UTF8.GetBytes(referral.ToJsonString()), idempotencyKey ?? NewKey());

    public Task<HttpResponseMessage> SubmitAsync(byte[] body, string? idempotencyKey, string contentType = "application/json") =>
        SendAsync(HttpMethod.Post, "/api/v1/referrals", body, request =>
        {
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        });

    public Task<HttpResponseMessage> GetReferralAsync(string reference, Action<HttpRequestMessage>? adjust = null) =>
        SendAsync(HttpMethod.Get, "/api/v1/referrals/" + reference, null, adjust);

    /// <summary>Sends a signed request; <paramref name="adjust"/> may change it after signing (to tamper with it).</summary>
    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        byte[]? body,
        Action<HttpRequestMessage>? adjust = null,
        long? timestamp = null,
        string? nonce = null,
        string? signWith = null)
    {
        var ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var n = nonce ?? NewNonce();
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        request.Headers.Add(CarrierHeaders.CarrierId, carrierId);
        request.Headers.Add(CarrierHeaders.Timestamp, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(CarrierHeaders.Nonce, n);
        request.Headers.Add(CarrierHeaders.Signature, CarrierSignature.Sign(signWith ?? secret, ts, n, method.Method, pathAndQuery, body ?? []));
        adjust?.Invoke(request);
        return http.SendAsync(request);
    }

    public static string NewKey() => "key-" + Guid.NewGuid().ToString("N");

    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
