using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ReferralFunctions.Carriers;
using ReferralFunctions.FunctionalTests.Infrastructure;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Intake;
using ReferralFunctions.Staff;
using Xunit.Abstractions;

namespace ReferralFunctions.FunctionalTests.Security;

/// <summary>The local host with one referral from DEMO waiting for validation with the carrier: what every cell aims at.</summary>
public sealed class AuthorizationMatrixFixture : ReferralHostFixture
{
    public string Reference { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var submitted = await Carrier().SubmitAsync(TestReferrals.Example());
        if (submitted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The matrix's referral was not accepted: {(int)submitted.StatusCode}.");
        }

        Reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;

        // With validation open, the allowed answers of the question and validation routes do not depend on timing.
        await Get<DurableTaskClient>().WaitForStageAsync(Reference, ReferralStatus.AwaitingValidation, TimeSpan.FromSeconds(60));
    }
}

/// <summary>
/// Every route of <see cref="ApiRoutes.All"/> against every kind of caller, through the real HTTP pipeline. The table
/// <see cref="Routes"/> says who each route lets in and what it answers them; <see cref="Expected"/> derives every other
/// cell: no or bad credentials get 401 (the carrier or the staff problem, by route), a valid staff token without the
/// route's role 403, another carrier 404 exactly like a missing referral. A route without a row fails the test.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture host, ITestOutputHelper output) : IClassFixture<AuthorizationMatrixFixture>
{
    private static readonly Answer Ok = new(HttpStatusCode.OK);
    private static readonly Answer Accepted = new(HttpStatusCode.Accepted);
    private static readonly Answer Created = new(HttpStatusCode.Created);
    private static readonly Answer CarrierUnauthorized = new(HttpStatusCode.Unauthorized, "unauthorized", "CarrierSignature");
    private static readonly Answer StaffUnauthorized = new(HttpStatusCode.Unauthorized, "staff-unauthorized", "Bearer");
    private static readonly Answer Forbidden = new(HttpStatusCode.Forbidden, "forbidden");
    private static readonly Answer NotFound = new(HttpStatusCode.NotFound, "not-found");

    // The owner's answer is checked before "confirm" is: the owner gets 400, and the workflow does not move on.
    private static readonly Answer AnswerIncomplete = new(HttpStatusCode.BadRequest, "invalid-validation-answer");

    // Feedback is not released yet: the owner gets this 404, distinct from the not-found everyone else gets.
    private static readonly Answer FeedbackNotReleased = new(HttpStatusCode.NotFound, "feedback-not-available");

    // A decision without If-Match: role, body and referral were checked; nothing changes, whatever step is open.
    private static readonly Answer IfMatchRequired = new(HttpStatusCode.PreconditionRequired, "if-match-required");

    // A supervisor's disclosure decision that is not approve or refuse: let in, refused on content, nothing disclosed.
    private static readonly Answer InvalidDisclosureDecision = new(HttpStatusCode.BadRequest, "invalid-disclosure-decision");

    // A reveal of the referrer without a stated purpose (no X-Access-Purpose): let in, refused, nothing revealed or listed.
    private static readonly Answer PurposeRequired = new(HttpStatusCode.BadRequest, "invalid-purpose");

    /// <summary>Who each route lets in, what it answers a caller it lets in, and the body every caller sends.</summary>
    private static readonly IReadOnlyList<Row> Routes =
    [
        //  method  route                                  who may call          role                    answer when let in  body
        new("GET",  ApiRoutes.Health,                      Access.Public,        null,                   Ok),
        new("POST", ApiRoutes.Referrals,                   Access.AnyCarrier,    null,                   Accepted,           Referral, IdempotencyKey: true),
        new("GET",  ApiRoutes.Referral,                    Access.OwningCarrier, null,                   Ok),
        new("POST", ApiRoutes.ReferralValidation,          Access.OwningCarrier, null,                   AnswerIncomplete,   JsonBody(new { }), IdempotencyKey: true),
        new("GET",  ApiRoutes.ReferralFeedback,            Access.OwningCarrier, null,                   FeedbackNotReleased),
        new("GET",  ApiRoutes.AnalystQueue,                Access.Staff,         StaffRoles.Analyst,     Ok),
        new("GET",  ApiRoutes.AnalystReferral,             Access.Staff,         StaffRoles.Analyst,     Ok),
        new("GET",  ApiRoutes.CoordinatorReferral,         Access.Staff,         StaffRoles.Coordinator, Ok),
        new("GET",  ApiRoutes.SupervisorReferral,          Access.Staff,         StaffRoles.Supervisor,  Ok),
        new("POST", ApiRoutes.AnalystQuestions,            Access.Staff,         StaffRoles.Analyst,     Created,            JsonBody(new { question = "Who sealed it?", path = "$.shipment" })),
        new("GET",  ApiRoutes.AnalystMessages,             Access.Staff,         StaffRoles.Analyst,     Ok),
        new("GET",  ApiRoutes.CoordinatorReminders,        Access.Staff,         StaffRoles.Coordinator, Ok),
        new("GET",  ApiRoutes.SupervisorEscalations,       Access.Staff,         StaffRoles.Supervisor,  Ok),
        new("POST", ApiRoutes.AnalystValidation,           Access.Staff,         StaffRoles.Analyst,     IfMatchRequired,    Decision(new { })),
        new("POST", ApiRoutes.AnalystTriage,               Access.Staff,         StaffRoles.Analyst,     IfMatchRequired,    Decision(new { decision = "approve" })),
        new("POST", ApiRoutes.AnalystTreatment,            Access.Staff,         StaffRoles.Analyst,     IfMatchRequired,    Decision(new { treatment = "x-ray", reason = "Matrix" })),
        new("POST", ApiRoutes.AnalystOutcome,              Access.Staff,         StaffRoles.Analyst,     IfMatchRequired,    Decision(new { result = "negative", findings = "Matrix" })),
        new("POST", ApiRoutes.CoordinatorFeedback,         Access.Staff,         StaffRoles.Coordinator, IfMatchRequired,    Decision(new { text = "Matrix" })),
        new("POST", ApiRoutes.SupervisorFeedbackClearance, Access.Staff,         StaffRoles.Supervisor,  IfMatchRequired,    Decision(new { decision = "release" })),
        new("POST", ApiRoutes.CoordinatorAnalysisSchedule, Access.Staff,         StaffRoles.Coordinator, IfMatchRequired,    Decision(new { scheduledFor = DateTimeOffset.UtcNow.AddDays(7) })),
        new("POST", ApiRoutes.CoordinatorAnalysis,         Access.Staff,         StaffRoles.Coordinator, IfMatchRequired,    Decision(new { findings = "Matrix", lessons = "Matrix" })),
        new("POST", ApiRoutes.AnalystDisclosures,          Access.Staff,         StaffRoles.Analyst,     Accepted,           JsonBody(new { disclosureId = "disc-matrix-0001", agency = "POLICE", legalBasis = "Matrix basis", purpose = "Matrix purpose" })),
        new("POST", ApiRoutes.SupervisorDisclosureApprovals, Access.Staff,       StaffRoles.Supervisor,  InvalidDisclosureDecision, JsonBody(new { disclosureId = "disc-matrix-0001", decision = "maybe" })),
        new("POST", ApiRoutes.AnalystReferrerReveal,       Access.Staff,         StaffRoles.Analyst,     PurposeRequired),
        new("POST", ApiRoutes.SupervisorReferrerReveal,    Access.Staff,         StaffRoles.Supervisor,  PurposeRequired),
        new("GET",  ApiRoutes.SupervisorAudit,             Access.Staff,         StaffRoles.Supervisor,  Ok),
        new("GET",  ApiRoutes.SupervisorAuditVerification, Access.Staff,         StaffRoles.Supervisor,  Ok),
        new("GET",  ApiRoutes.SupervisorWorkflowHealth,    Access.Staff,         StaffRoles.Supervisor,  Ok),
        new("POST", ApiRoutes.SupervisorWorkflowRepair,    Access.Staff,         StaffRoles.Supervisor,  IfMatchRequired,    Decision(new { reason = "Matrix" })),
    ];

    // Every bad staff token claims every role, so only its defect can keep it out.
    private readonly string tamperedToken = StaffTokens.WithPayloadChanged(StaffTokens.Valid(), payload => payload["roles"] = new JsonArray([.. StaffRoles.All.Select(r => JsonValue.Create(r))]));
    private readonly string expiredToken = StaffTokens.Expired([.. StaffRoles.All]);
    private readonly string wrongKeyToken = StaffTokens.SignedWithWrongKey([.. StaffRoles.All]);
    private readonly string unsignedToken = StaffTokens.WithoutSignature([.. StaffRoles.All]);

    /// <summary>Who may call a route.</summary>
    private enum Access
    {
        /// <summary>Anyone, with or without credentials.</summary>
        Public,

        /// <summary>Any registered carrier with a valid, fresh signature.</summary>
        AnyCarrier,

        /// <summary>Only the carrier that submitted the referral; any other gets the 404 of a reference that does not exist.</summary>
        OwningCarrier,

        /// <summary>A valid staff token with the route's role (exactly that role: roles do not include each other).</summary>
        Staff,
    }

    /// <summary>Every kind of caller; carrier callers on staff routes and staff callers on carrier routes are the cross-over cells.</summary>
    private enum Caller
    {
        Anonymous,
        OwningCarrier,
        OtherCarrier,
        UnknownCarrier,

        /// <summary>DEMO's headers, one byte of the HMAC changed.</summary>
        TamperedSignature,

        /// <summary>The very same signed request as DEMO, sent twice; the second is the cell.</summary>
        ReplayedSignature,

        /// <summary>Correctly signed by DEMO, a minute outside the clock window.</summary>
        StaleTimestamp,
        Analyst,
        Coordinator,
        Supervisor,
        TokenWithoutRole,
        ExpiredToken,

        /// <summary>A no-role token whose payload now claims every role, signature kept.</summary>
        TamperedToken,
        WrongKeyToken,

        /// <summary><c>alg: none</c>.</summary>
        UnsignedToken,
    }

    [Fact]
    public async Task Every_caller_gets_exactly_the_expected_answer_on_every_route()
    {
        var withoutRow = ApiRoutes.All.Where(route => RowFor(route) is null).Select(route => $"{route.Method} {route.Template}").ToArray();
        Assert.True(withoutRow.Length == 0, "Routes without a row in the authorization matrix: " + string.Join(", ", withoutRow));
        Assert.Equal(ApiRoutes.All.Count, Routes.Count);

        var callers = Enum.GetValues<Caller>();
        var failures = new List<string>();
        var grid = new Dictionary<(ApiRoute, Caller), int>();
        var requests = 0;
        foreach (var route in ApiRoutes.All)
        {
            var row = RowFor(route)!;
            foreach (var caller in callers)
            {
                var request = row.Request(host.Reference);
                var cell = $"{route.Method} /api/{route.Template} as {caller}";
                using var response = caller == Caller.ReplayedSignature
                    ? await ReplayAsync(row, request, cell, failures)
                    : await SendAsync(caller, request);
                requests += caller == Caller.ReplayedSignature ? 2 : 1;
                grid[(route, caller)] = (int)response.StatusCode;
                if (await MismatchAsync(response, Expected(row, caller)) is { } mismatch)
                {
                    failures.Add($"{cell}: {mismatch}");
                }
            }
        }

        output.WriteLine(Render(grid, callers));
        output.WriteLine($"Checked {grid.Count} endpoint × caller cases ({ApiRoutes.All.Count} routes × {callers.Length} callers) with {requests} requests.");
        Assert.Equal(ApiRoutes.All.Count * callers.Length, grid.Count);
        Assert.True(failures.Count == 0, $"{failures.Count} cell(s) differ from the matrix:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task Another_carriers_referral_is_indistinguishable_from_a_reference_that_does_not_exist()
    {
        var missing = ReferenceNumber.Create(DateTimeOffset.UtcNow);
        var rows = Routes.Where(r => r.Access == Access.OwningCarrier).ToArray();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            using var existing = await SendAsync(Caller.OtherCarrier, row.Request(host.Reference));
            using var absent = await SendAsync(Caller.OtherCarrier, row.Request(missing));

            Assert.Equal(HttpStatusCode.NotFound, existing.StatusCode);
            Assert.Equal(absent.StatusCode, existing.StatusCode);
            var a = await existing.JsonAsync();
            var b = await absent.JsonAsync();
            Assert.Equal(Problems.TypePrefix + NotFound.ProblemType, a.GetProperty("type").GetString());
            Assert.Equal(b.GetProperty("type").GetString(), a.GetProperty("type").GetString());
            Assert.Equal(b.GetProperty("title").GetString(), a.GetProperty("title").GetString());
            Assert.Equal(Shape(b), Shape(a));

            // Byte for byte once the two things that must differ (the reference in the path, the trace id) are masked.
            Assert.Equal(await NormalizedAsync(absent, missing), await NormalizedAsync(existing, host.Reference));
        }
    }

    private static Row? RowFor(ApiRoute route) =>
        Routes.SingleOrDefault(row => row.Method == route.Method && row.Template == route.Template);

    /// <summary>The matrix's rule: what a caller gets on a route, from the route's access and role.</summary>
    private static Answer Expected(Row row, Caller caller) => row.Access switch
    {
        Access.Public => row.Allowed,
        Access.AnyCarrier => caller is Caller.OwningCarrier or Caller.OtherCarrier ? row.Allowed : CarrierUnauthorized,
        Access.OwningCarrier => caller switch
        {
            Caller.OwningCarrier => row.Allowed,
            Caller.OtherCarrier => NotFound,
            _ => CarrierUnauthorized,
        },
        Access.Staff => caller switch
        {
            Caller.Analyst => row.Role == StaffRoles.Analyst ? row.Allowed : Forbidden,
            Caller.Coordinator => row.Role == StaffRoles.Coordinator ? row.Allowed : Forbidden,
            Caller.Supervisor => row.Role == StaffRoles.Supervisor ? row.Allowed : Forbidden,
            Caller.TokenWithoutRole => Forbidden,
            _ => StaffUnauthorized,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(row), row.Access, null),
    };

    private async Task<HttpResponseMessage> SendAsync(Caller caller, CellRequest request)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var window = (long)host.Get<IOptions<CarrierAuthOptions>>().Value.ClockSkew.TotalSeconds;
        return caller switch
        {
            Caller.Anonymous => await host.Http.SendAsync(request.Message()),
            Caller.OwningCarrier => await SignedAsync(host.Carrier(), request, now),
            Caller.OtherCarrier => await SignedAsync(host.Carrier(ReferralHostFixture.OtherCarrier), request, now),
            Caller.UnknownCarrier => await SignedAsync(host.Carrier("NO-SUCH-CARRIER"), request, now),
            Caller.TamperedSignature => await SignedAsync(host.Carrier(), request, now, adjust: ChangeOneSignatureByte),
            Caller.ReplayedSignature => throw new InvalidOperationException("A replay is sent twice by the matrix itself."),
            Caller.StaleTimestamp => await SignedAsync(host.Carrier(), request, now - window - 60),
            Caller.Analyst => await BearerAsync(StaffTokens.Valid(StaffRoles.Analyst), request),
            Caller.Coordinator => await BearerAsync(StaffTokens.Valid(StaffRoles.Coordinator), request),
            Caller.Supervisor => await BearerAsync(StaffTokens.Valid(StaffRoles.Supervisor), request),
            Caller.TokenWithoutRole => await BearerAsync(StaffTokens.Valid(), request),
            Caller.ExpiredToken => await BearerAsync(expiredToken, request),
            Caller.TamperedToken => await BearerAsync(tamperedToken, request),
            Caller.WrongKeyToken => await BearerAsync(wrongKeyToken, request),
            Caller.UnsignedToken => await BearerAsync(unsignedToken, request),
            _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
        };
    }

    // The very same signed request twice: the first must get the owner's answer, the second (returned) is the replay.
    private async Task<HttpResponseMessage> ReplayAsync(Row row, CellRequest request, string cell, List<string> failures)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var nonce = CarrierClient.NewNonce();
        using (var first = await SignedAsync(host.Carrier(), request, timestamp, nonce))
        {
            if (await MismatchAsync(first, Expected(row, Caller.OwningCarrier)) is { } mismatch)
            {
                failures.Add($"{cell} (first send): {mismatch}");
            }
        }

        return await SignedAsync(host.Carrier(), request, timestamp, nonce);
    }

    private static Task<HttpResponseMessage> SignedAsync(CarrierClient carrier, CellRequest request, long timestamp, string? nonce = null, Action<HttpRequestMessage>? adjust = null) =>
        carrier.SendAsync(request.Method, request.Path, request.Body, message =>
        {
            request.AddHeaders(message);
            adjust?.Invoke(message);
        }, timestamp, nonce ?? CarrierClient.NewNonce());

    private Task<HttpResponseMessage> BearerAsync(string token, CellRequest request)
    {
        var message = request.Message();
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return host.Http.SendAsync(message);
    }

    // Valid headers, one byte of the HMAC changed (its last hex digit).
    private static void ChangeOneSignatureByte(HttpRequestMessage message)
    {
        var signature = message.Headers.GetValues(CarrierHeaders.Signature).Single();
        message.Headers.Remove(CarrierHeaders.Signature);
        message.Headers.Add(CarrierHeaders.Signature, signature[..^1] + (signature[^1] == '0' ? '1' : '0'));
    }

    /// <summary>Null when the response is the expected answer; otherwise what is wrong with it.</summary>
    private static async Task<string?> MismatchAsync(HttpResponseMessage response, Answer expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        var got = $"got {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
        if (response.StatusCode != expected.Status)
        {
            return $"expected {expected}, {got}";
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (expected.ProblemType is null)
        {
            return mediaType == "application/json" ? null : $"expected a JSON body, got {mediaType}";
        }

        if (mediaType != "application/problem+json")
        {
            return $"expected problem+json for {expected}, got {mediaType}";
        }

        var problem = JsonDocument.Parse(body).RootElement;
        if (problem.GetProperty("type").GetString() != Problems.TypePrefix + expected.ProblemType || problem.GetProperty("status").GetInt32() != (int)expected.Status)
        {
            return $"expected {expected}, {got}";
        }

        return expected.Challenge is null || response.Headers.WwwAuthenticate.Any(h => h.Scheme == expected.Challenge)
            ? null
            : $"expected a WWW-Authenticate: {expected.Challenge} challenge, got '{response.Headers.WwwAuthenticate}'";
    }

    private static string Shape(JsonElement problem) => string.Join(',', problem.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}"));

    private static async Task<string> NormalizedAsync(HttpResponseMessage response, string reference)
    {
        var body = await response.Content.ReadAsStringAsync();
        var traceId = JsonDocument.Parse(body).RootElement.GetProperty("traceId").GetString()!;
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Content-Length"))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}");
        return $"{(int)response.StatusCode}\n{string.Join('\n', headers)}\n\n"
            + body.Replace(reference, "{reference}", StringComparison.Ordinal).Replace(traceId, "{traceId}", StringComparison.Ordinal);
    }

    private static string Render(Dictionary<(ApiRoute, Caller), int> grid, Caller[] callers)
    {
        var width = ApiRoutes.All.Max(r => r.Method.Length + r.Template.Length) + 2;
        var text = new StringBuilder();
        text.Append(new string(' ', width));
        foreach (var caller in callers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)caller,4}");
        }

        text.AppendLine();
        foreach (var route in ApiRoutes.All)
        {
            text.Append($"{route.Method} {route.Template}".PadRight(width));
            foreach (var caller in callers)
            {
                text.Append(CultureInfo.InvariantCulture, $"{grid[(route, caller)],4}");
            }

            text.AppendLine();
        }

        text.AppendLine("Callers: " + string.Join(", ", callers.Select(c => $"{(int)c}={c}")));
        return text.ToString();
    }

    private static byte[] Referral() => Encoding.UTF8.GetBytes(TestReferrals.Example().ToJsonString());

    private static Func<byte[]> JsonBody(object body) => () => JsonSerializer.SerializeToUtf8Bytes(body);

    // A fresh decision id per request, so no cell replays another cell's decision.
    private static Func<byte[]> Decision(object fields) => () =>
    {
        var body = JsonSerializer.SerializeToNode(fields)!.AsObject();
        body["decisionId"] = StaffClient.NewDecisionId();
        return JsonSerializer.SerializeToUtf8Bytes(body);
    };

    /// <summary>An answer: status, problem type (null for a JSON success body), and the 401's challenge scheme.</summary>
    private sealed record Answer(HttpStatusCode Status, string? ProblemType = null, string? Challenge = null)
    {
        public override string ToString() => ProblemType is null ? $"{(int)Status}" : $"{(int)Status} {ProblemType}";
    }

    /// <summary>One row of the matrix: a route, who may call it, what it answers them, and the body every caller sends.</summary>
    private sealed record Row(string Method, string Template, Access Access, string? Role, Answer Allowed, Func<byte[]>? Body = null, bool IdempotencyKey = false)
    {
        /// <summary>The same request for every caller of a cell: only the credentials differ.</summary>
        public CellRequest Request(string reference) => new(
            new HttpMethod(Method),
            $"/{ApiRoutes.Prefix}/{Template.Replace("{reference}", reference, StringComparison.Ordinal)}",
            Body?.Invoke(),
            IdempotencyKey ? CarrierClient.NewKey() : null);
    }

    /// <summary>A request without credentials; a replay sends the very same one twice.</summary>
    private sealed record CellRequest(HttpMethod Method, string Path, byte[]? Body, string? IdempotencyKey)
    {
        public HttpRequestMessage Message()
        {
            var message = new HttpRequestMessage(Method, Path) { Content = Body is null ? null : new ByteArrayContent(Body) };
            AddHeaders(message);
            return message;
        }

        public void AddHeaders(HttpRequestMessage message)
        {
            if (message.Content is not null)
            {
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            if (IdempotencyKey is not null)
            {
                message.Headers.Add(SubmitReferralEndpoint.IdempotencyKeyHeader, IdempotencyKey);
            }
        }
    }
}
