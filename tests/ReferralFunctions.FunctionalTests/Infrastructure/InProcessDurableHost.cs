using Microsoft.AspNetCore.Connections;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace ReferralFunctions.FunctionalTests.Infrastructure;

/// <summary>
/// Starts the in-process durable test host. It picks its own random loopback port, which another server starting in
/// parallel (a test's Azurite, an OpenID provider) can take first; a clash is retried on a new port (seen once in CI).
/// </summary>
public static class InProcessDurableHost
{
    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> registry, DurableTaskTestHostOptions? options = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(registry, options);
            }
            catch (IOException ex) when (ex.InnerException is AddressInUseException && attempt < 3)
            {
            }
        }
    }
}
