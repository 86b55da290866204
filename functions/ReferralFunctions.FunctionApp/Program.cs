using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ReferralFunctions;

// The Functions app only wires things up: behaviour lives in the shared handlers, orchestrators and activities.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddReferralServices(builder.Configuration);
await builder.Build().RunAsync();
