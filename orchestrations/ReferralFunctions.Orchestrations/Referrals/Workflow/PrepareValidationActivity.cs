using Microsoft.DurableTask;
using ReferralFunctions.Audit;
using ReferralFunctions.Referrals.Intake;

namespace ReferralFunctions.Referrals.Workflow;

/// <summary>
/// Writes Customs' validation questions for the carrier: one per data-quality warning given at intake and one per
/// data point a referral of its kind usually carries but this one lacks. Idempotent (question ids are derived).
/// </summary>
[DurableTask(nameof(PrepareValidationActivity))]
public sealed class PrepareValidationActivity(ReferralRepository referrals, QuestionStore questionStore, TimeProvider time) : TaskActivity<string, int>
{
    public const string Asker = Actor.SystemName;

    public override async Task<int> RunAsync(TaskActivityContext context, string input)
    {
        var (referral, submission) = await StoredReferral.LoadAsync(referrals, input).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var questions = new List<ValidationQuestion>();
        foreach (var (warning, index) in referral.Warnings.Select((w, i) => (w, i)))
        {
            questions.Add(new ValidationQuestion($"auto-warning-{index:D2}", warning.Path, $"Please confirm or correct this value: {warning.Message}.", Asker, now));
        }

        foreach (var (path, text) in MissingData(submission))
        {
            questions.Add(new ValidationQuestion($"auto-missing-{questions.Count:D2}", path, text, Asker, now));
        }

        foreach (var question in questions)
        {
            await questionStore.AddAsync(input, question, CancellationToken.None).ConfigureAwait(false);
        }

        return questions.Count;
    }

    private static IEnumerable<(string Path, string Text)> MissingData(ReferralSubmission submission)
    {
        var shipment = submission.Shipment;
        if (submission.Category is "suspicious-shipment" or "container-integrity")
        {
            if (shipment?.ContainerNumbers is not { Count: > 0 })
                yield return ("$.shipment.containerNumbers", "Which container numbers does this referral concern?");
            if (string.IsNullOrEmpty(shipment?.BillOfLading))
                yield return ("$.shipment.billOfLading", "What is the bill of lading number?");
            if (string.IsNullOrEmpty(shipment?.Vessel?.ImoNumber))
                yield return ("$.shipment.vessel.imoNumber", "Which vessel (IMO number) carried the shipment?");
            if (shipment?.SealNumbers is not { Count: > 0 })
                yield return ("$.shipment.sealNumbers", "What are the seal numbers recorded for the container(s)?");
        }

        if (submission.Parties is not { Count: > 0 })
            yield return ("$.parties", "Which parties (consignee, shipper, agent) are involved, with their contact details?");
    }
}
