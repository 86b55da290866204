using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ReferralFunctions;
using ReferralFunctions.FunctionApp;

// The Functions app only wires things up: behaviour lives in the shared handlers, orchestrators and activities.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<InternalErrorMiddleware>();
builder.UseMiddleware<TransportSecurityMiddleware>();
builder.Services.AddReferralServices(builder.Configuration);
await builder.Build().RunAsync();
