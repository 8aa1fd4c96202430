using System.Text.Json.Serialization;

namespace AgentChat.Matrix;

/// <summary>A Matrix user id, <c>@localpart:server</c>.</summary>
[JsonConverter(typeof(MatrixIdConverter<UserId>))]
public readonly record struct UserId(string Value) : IMatrixId<UserId>
{
    public static UserId Create(string value) => new(value);

    public static bool TryParse(string? value, out UserId id)
    {
        id = default;
        if (value is not { Length: > 3 } || value[0] != '@') return false;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 2 || colon == value.Length - 1) return false;
        id = new UserId(value);
        return true;
    }

    public string Localpart => Value[1..Value.IndexOf(':', StringComparison.Ordinal)];

    public string ServerName => Value[(Value.IndexOf(':', StringComparison.Ordinal) + 1)..];

    public override string ToString() => Value;
}
