using System.CommandLine;
using System.Globalization;

namespace AgentChat.Cli.Commands;

/// <summary>Range checks that read the tokens, so a value that does not even parse is left to the parser's own error.</summary>
internal static class Validation
{
    public static void Range(Option<int?> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && (v < min || v > max))
                    result.AddError($"{option.Name} must be between {min} and {max}");
            }
        });
}
