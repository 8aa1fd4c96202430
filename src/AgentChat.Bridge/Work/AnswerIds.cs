using System.Security.Cryptography;
using System.Text;

namespace AgentChat.Bridge.Work;

/// <summary>
/// Transaction ids made from the source event id, so every attempt at one answer (a retry, a restart, two racing
/// workers) is one Matrix transaction: the homeserver and the daemon's outbox keep it to one event.
/// </summary>
internal static class AnswerIds
{
    public static string Answer(string source) => Make("bridge.a.", source);
    public static string Status(string source) => Make("bridge.s.", source);
    public static string Move(string task, string action) => Make($"bridge.{action}.", task);

    private static string Make(string prefix, string source) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..40];
}
