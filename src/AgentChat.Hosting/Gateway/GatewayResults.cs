using AgentChat.Gateway;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Hosting.Gateway;

/// <summary>The gateway's error shape: <c>{"error", "code"}</c> with a fitting status.</summary>
public static class GatewayResults
{
    public static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new ErrorBody(message, code), GatewayJsonContext.Default.ErrorBody, statusCode: status);

    public static IResult BadRequest(string code, string message) => Error(StatusCodes.Status400BadRequest, code, message);

    public static IResult Error(VerbException e) => Error(e.Status, e.Code, e.Message);
}
