using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using ReferralFunctions.Confidentiality;
using ReferralFunctions.Referrals;
using ReferralFunctions.Referrals.Decisions;
using ReferralFunctions.Referrals.Disclosures;
using ReferralFunctions.Referrals.Queue;
using ReferralFunctions.Referrals.Triage;
using ReferralFunctions.Referrals.WorkflowHealth;
using ReferralFunctions.Retention;

namespace ReferralFunctions.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The tables, every store of referral data, the retention purge and re-encryption. Re-encryption rewrites the
    /// encrypted columns declared in this assembly and in <paramref name="writers"/> (the other assemblies whose stores
    /// declare <see cref="EncryptedColumn"/>s).
    /// </summary>
    public static IServiceCollection AddReferralStores(this IServiceCollection services, params Assembly[] writers)
    {
        services.AddSingleton<ReferralTables>();
        services.AddSingleton<ReferralQueueIndex>();
        services.AddSingleton<ReferralRepository>();
        services.AddSingleton<ReferralQueries>();
        services.AddSingleton<RiskAssessmentStore>();
        AddReferralRows<TimelineStore>(services);
        AddReferralRows<DecisionStore>(services);
        AddReferralRows<QuestionStore>(services);
        AddReferralRows<DisclosureStore>(services);
        AddReferralRows<WorkflowRepairStore>(services);
        services.AddSingleton<ReferralPurge>();
        services.AddSingleton(new EncryptedColumns(EncryptedColumn.DeclaredIn([typeof(ReferralTables).Assembly, .. writers])));
        services.AddSingleton<Reencryption>();
        return services;
    }

    private static void AddReferralRows<T>(IServiceCollection services)
        where T : class, IReferralRows
    {
        services.AddSingleton<T>();
        services.AddSingleton<IReferralRows>(provider => provider.GetRequiredService<T>());
    }
}
