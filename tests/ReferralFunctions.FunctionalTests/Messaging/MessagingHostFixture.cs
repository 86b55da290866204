using ReferralFunctions.FunctionalTests.Infrastructure;

namespace ReferralFunctions.FunctionalTests.Messaging;

/// <summary>The local host with no Service Bus configured, so messages go to the Table Storage stand-in.</summary>
public sealed class MessagingHostFixture : ReferralHostFixture;
