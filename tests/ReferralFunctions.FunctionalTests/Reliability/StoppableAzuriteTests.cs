using Azure;
using Azure.Data.Tables;
using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Reliability;

/// <summary>The harness the outage tests stand on: storage really goes away, comes back with its data, and is cleaned up.</summary>
public sealed class StoppableAzuriteTests
{
    [Fact]
    public async Task Stopped_storage_refuses_connections_and_comes_back_with_its_data_on_the_same_ports()
    {
        var azurite = await StoppableAzurite.StartNewAsync();
        try
        {
            var options = new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } };
            var table = new TableServiceClient(azurite.ConnectionString, options).GetTableClient("harness");
            await table.CreateIfNotExistsAsync();
            await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = "kept" });

            await azurite.StopAsync();
            Assert.False(azurite.IsRunning);
            var refused = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("p", "r"));
            Assert.Equal(0, refused.Status);

            await azurite.StartAsync();
            Assert.True(azurite.IsRunning);
            Assert.Equal("kept", (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetString("Value"));
            Assert.Contains($"TableEndpoint=http://127.0.0.1:{azurite.Ports.Table}/devstoreaccount1", azurite.ConnectionString, StringComparison.Ordinal);
        }
        finally
        {
            await azurite.DisposeAsync();
        }

        Assert.False(Directory.Exists(azurite.Location));
    }
}
