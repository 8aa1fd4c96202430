using System.Security.Cryptography;
using System.Text;

namespace AgentChat.Decisions;

/// <summary>Transaction ids made from what they act on, so two attempts (a daemon and a CLI on the same token, or a restart) yield one event.</summary>
public static class DecisionTxn
{
    public static string For(string prefix, params string[] parts) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..40];
}
