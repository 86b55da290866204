using Microsoft.DurableTask;

namespace ReferralFunctions.LocalHost;

/// <summary>
/// A no-op orchestration the local host runs once at start-up: when it completes, the durable engine is dispatching, so
/// the host is ready (and can also stop cleanly: the engine must not be stopped before it has started).
/// </summary>
public sealed class EngineProbeOrchestrator : TaskOrchestrator<string?, bool>
{
    public override Task<bool> RunAsync(TaskOrchestrationContext context, string? input) => Task.FromResult(true);
}
