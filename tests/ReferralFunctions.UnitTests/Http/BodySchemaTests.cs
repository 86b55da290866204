using System.Text.Json;
using ReferralFunctions.Http;
using ReferralFunctions.Referrals.Decisions;

namespace ReferralFunctions.UnitTests.Http;

/// <summary>
/// The answer bodies' schemas (docs/contract/answers): each is embedded, closed, accepts a well-formed body and refuses
/// a wrong one naming the field with the message a client reads.
/// </summary>
public sealed class BodySchemaTests
{
    private const string Id = "decision-0001";

    /// <summary>A well-formed body for every schema: each must pass, so a refusal below is the field's fault alone.</summary>
    public static TheoryData<string, string> ValidBodies => new()
    {
        { "decision-validation.schema.json", $$"""{"decisionId":"{{Id}}"}""" },
        { "decision-triage.schema.json", $$"""{"decisionId":"{{Id}}","decision":"approve"}""" },
        { "decision-triage.schema.json", $$"""{"decisionId":"{{Id}}","decision":"override","priority":"high","agencies":["POLICE"],"reason":"Police only"}""" },
        { "decision-treatment.schema.json", $$"""{"decisionId":"{{Id}}","treatment":"x-ray","reason":"Check"}""" },
        { "decision-outcome.schema.json", $$"""{"decisionId":"{{Id}}","result":"positive","findings":"Found","followUpActions":["refer-to-police"]}""" },
        { "decision-feedback.schema.json", $$"""{"decisionId":"{{Id}}","text":"Thank you"}""" },
        { "decision-feedback-clearance.schema.json", $$"""{"decisionId":"{{Id}}","decision":"release"}""" },
        { "decision-feedback-clearance.schema.json", $$"""{"decisionId":"{{Id}}","decision":"return","reason":"Too detailed"}""" },
        { "decision-analysis-schedule.schema.json", $$"""{"decisionId":"{{Id}}","scheduledFor":"2026-12-05T03:00:00.1234567+00:00"}""" },
        { "decision-analysis.schema.json", $$"""{"decisionId":"{{Id}}","findings":"Agent","lessons":"Check agents"}""" },
        { "disclosure-request.schema.json", """{"disclosureId":"disc-0001","agency":"POLICE","legalBasis":"Art. 12","purpose":"Prosecution"}""" },
        { "disclosure-decision.schema.json", """{"disclosureId":"disc-0001","decision":"refuse"}""" },
        { "question.schema.json", """{"question":"Who sealed it?","path":"$.shipment"}""" },
        { "question.schema.json", """{"question":"Who sealed it?","path":null}""" },
        { "workflow-repair.schema.json", $$"""{"decisionId":"{{Id}}","reason":"Publisher fixed"}""" },
        { "carrier-validation.schema.json", """{"confirm":true,"corrections":[{"path":"$.shipment.sealNumbers","value":["EU1"]}],"additionalInformation":"Still there"}""" },
    };

    /// <summary>One wrong field per body, and what the client is told about it.</summary>
    public static TheoryData<string, string, string, string> WrongBodies => new()
    {
        { "decision-validation.schema.json", """{"decisionId":"short"}""", "$.decisionId", "is required: 8 to 64 of [A-Za-z0-9_-], unique per decision" },
        { "decision-validation.schema.json", """{}""", "$.decisionId", "is required: 8 to 64 of [A-Za-z0-9_-], unique per decision" },
        { "decision-triage.schema.json", $$"""{"decisionId":"{{Id}}","decision":"maybe"}""", "$.decision", "must be one of: approve, override" },
        { "decision-triage.schema.json", $$"""{"decisionId":"{{Id}}","decision":"approve","priority":"urgent"}""", "$.priority", "must be one of: critical, high, medium, low" },
        { "decision-triage.schema.json", $$"""{"decisionId":"{{Id}}","decision":"override","priority":"high"}""", "$.reason", "is required to override the proposed triage" },
        { "decision-triage.schema.json", $$"""{"decisionId":"{{Id}}","decision":"override","reason":"Why"}""", "$.priority", "an override changes the priority, the agencies, or both" },
        { "decision-triage.schema.json", $$"""{"decisionId":"{{Id}}","decision":"approve","agencies":"POLICE"}""", "$.agencies", "must be an array or null" },
        { "decision-treatment.schema.json", $$"""{"decisionId":"{{Id}}","treatment":"x-ray","reason":"   "}""", "$.reason", "is required" },
        { "decision-treatment.schema.json", $$"""{"decisionId":"{{Id}}","treatment":"x-ray","reason":"{{new string('r', 10_001)}}"}""", "$.reason", "must be at most 10000 characters" },
        { "decision-outcome.schema.json", $$"""{"decisionId":"{{Id}}","result":"positive","findings":"F","followUpActions":["refer-to-police","sing"]}""", "$.followUpActions[1]", "must be one of: declare-container-abandoned, release-container, refer-to-police, hold-for-investigation, notify-carrier-of-risk" },
        { "decision-feedback.schema.json", $$"""{"decisionId":"{{Id}}"}""", "$.text", "is required" },
        { "decision-feedback-clearance.schema.json", $$"""{"decisionId":"{{Id}}","decision":"return"}""", "$.reason", "is required to return feedback" },
        { "decision-analysis-schedule.schema.json", $$"""{"decisionId":"{{Id}}","scheduledFor":"next week"}""", "$.scheduledFor", "is required (date-time)" },
        { "decision-analysis.schema.json", $$"""{"decisionId":"{{Id}}","findings":"F","lessons":5}""", "$.lessons", "is required" },
        { "disclosure-request.schema.json", """{"disclosureId":"disc-0001","agency":"POLICE","legalBasis":"Art. 12","purpose":"line\nbreak"}""", "$.purpose", "is required: what the agency needs the referrer's identity for, one line of at most 500 characters" },
        { "disclosure-request.schema.json", $$"""{"disclosureId":"disc-0001","agency":"POLICE","legalBasis":"{{new string('l', 501)}}","purpose":"P"}""", "$.legalBasis", "is required: the law or agreement that permits the disclosure, one line of at most 500 characters" },
        { "disclosure-decision.schema.json", """{"disclosureId":"disc-0001","decision":"maybe"}""", "$.decision", "must be approve or refuse" },
        { "question.schema.json", """{"question":" "}""", "$.question", "is required, at most 2000 characters" },
        { "workflow-repair.schema.json", $$"""{"decisionId":"{{Id}}"}""", "$.reason", "is required: why the workflow is repaired" },
        { "carrier-validation.schema.json", """{"confirm":"yes"}""", "$.confirm", "is required: true to confirm the referral as sent (with any corrections)" },
        { "carrier-validation.schema.json", """{"confirm":true,"corrections":[{"path":"shipment","value":1}]}""", "$.corrections[0].path", "must be the JSON path of the corrected field" },
        { "carrier-validation.schema.json", """{"confirm":true,"corrections":[{"path":"$.x","value":null}]}""", "$.corrections[0].value", "is required" },
        { "carrier-validation.schema.json", """{"confirm":true,"corrections":[{"path":"$.x","value":1,"note":"n"}]}""", "$.corrections[0].note", "unknown property" },
        { "carrier-validation.schema.json", """{"confirm":true,"odd key":1}""", "$['odd key']", "unknown property" },
    };

    [Fact]
    public void Every_schema_file_beside_the_referral_contract_is_embedded_and_loads()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "contract", "answers"), "*.schema.json").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(14, files.Length);
        Assert.Equal(files.Where(f => f != "common.schema.json").ToArray(), BodySchema.All.Keys.Order().ToArray());
        Assert.All(DecisionSteps.All, step => Assert.Same(BodySchema.Named($"decision-{step.Segment}.schema.json"), step.Schema));
    }

    [Fact]
    public void Every_object_a_schema_describes_is_closed_so_unknown_properties_are_refused()
    {
        foreach (var schema in BodySchema.All.Values)
        {
            var body = JsonDocument.Parse("""{"surprise":1}""").RootElement;
            Assert.Contains(new FieldError("$.surprise", "unknown property"), schema.Evaluate(body));
            Assert.False(schema.Document.GetProperty("additionalProperties").GetBoolean(), schema.Name);
        }
    }

    [Theory]
    [MemberData(nameof(ValidBodies))]
    public void A_well_formed_body_passes(string schema, string body) =>
        Assert.Empty(BodySchema.Named(schema).Evaluate(JsonDocument.Parse(body).RootElement));

    [Theory]
    [MemberData(nameof(WrongBodies))]
    public void A_wrong_body_is_refused_naming_the_field(string schema, string body, string path, string message)
    {
        var errors = BodySchema.Named(schema).Evaluate(JsonDocument.Parse(body).RootElement);
        Assert.Equal(new FieldError(path, message).ToString(), string.Join("; ", errors));
    }

    [Fact]
    public void Errors_are_listed_in_the_order_of_the_schema_properties_with_unknown_ones_last()
    {
        var schema = BodySchema.Named("disclosure-request.schema.json");
        var errors = schema.Evaluate(JsonDocument.Parse("""{"extra":1,"purpose":"line\nbreak","agency":7,"disclosureId":"x"}""").RootElement);

        Assert.Equal(["$.disclosureId", "$.agency", "$.legalBasis", "$.purpose", "$.extra"], schema.Order(errors).Select(e => e.Path));
    }

    [Fact]
    public void The_priorities_the_staff_queue_filters_on_are_the_ones_a_triage_may_set()
    {
        var common = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "contract", "answers", "common.schema.json"))).RootElement;
        Assert.Equal(DecisionSteps.Priorities, common.GetProperty("$defs").GetProperty("priority").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReferralFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ReferralFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
