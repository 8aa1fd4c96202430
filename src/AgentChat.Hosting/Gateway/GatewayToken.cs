using System.Security.Cryptography;
using System.Text;

namespace AgentChat.Hosting.Gateway;

/// <summary>The gateway's bearer token: random per daemon run, published only in the 0600 discovery file.</summary>
public sealed class GatewayToken
{
    public GatewayToken() : this(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'))
    {
    }

    public GatewayToken(string value)
    {
        Value = value;
        Bytes = Encoding.UTF8.GetBytes(value);
    }

    public string Value { get; }

    public byte[] Bytes { get; }
}
