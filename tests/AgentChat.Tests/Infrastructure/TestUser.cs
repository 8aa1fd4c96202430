using AgentChat.Matrix;

namespace AgentChat.Tests.Infrastructure;

public sealed record TestUser(UserId UserId, string Password, string AccessToken, MatrixClient Client);
