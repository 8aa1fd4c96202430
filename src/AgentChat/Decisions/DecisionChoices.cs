using AgentChat.Verbs;

namespace AgentChat.Decisions;

/// <summary>
/// The choices of a new decision (<c>"yes|no|later"</c>), checked, and the keycap emoji that stands for each: 1️⃣ 2️⃣ … 🔟.
/// A reaction with that emoji answers the poll in clients that do not show polls.
/// </summary>
public static class DecisionChoices
{
    public const int Max = 10;
    public const int MaxLength = 200;
    private const char VariationSelector = '\uFE0F';

    /// <summary>The choices in order; 400 <c>bad_choices</c> unless 2 to <see cref="Max"/> distinct, non-empty, short, one-line texts.</summary>
    public static IReadOnlyList<DecisionChoice> Parse(IEnumerable<string>? raw)
    {
        var texts = (raw ?? []).SelectMany(c => c.Split('|')).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (texts.Count is < 2 or > Max)
            throw VerbException.BadRequest("bad_choices", $"a decision needs 2 to {Max} choices, e.g. --choices \"yes|no|later\"");
        if (texts.FirstOrDefault(t => t.Length > MaxLength || t.Any(char.IsControl)) is { } bad)
            throw VerbException.BadRequest("bad_choices", $"each choice is one line of at most {MaxLength} characters (\"{Cut(bad)}\" is not)");
        if (texts.Distinct(StringComparer.OrdinalIgnoreCase).Count() != texts.Count)
            throw VerbException.BadRequest("bad_choices", "the choices must differ from each other");
        return texts.Select((t, i) => new DecisionChoice(IdOf(i), t, EmojiOf(i))).ToList();
    }

    /// <summary>The answer id of the choice at <paramref name="index"/>: "1", "2", …</summary>
    public static string IdOf(int index) => (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The keycap emoji of the choice at <paramref name="index"/>; null past ten.</summary>
    public static string? EmojiOf(int index) => index switch
    {
        < 9 and >= 0 => $"{(char)('1' + index)}{VariationSelector}\u20E3",
        9 => "🔟",
        _ => null,
    };

    /// <summary>
    /// The choice a reaction key picks: its emoji, with or without the variation selector (clients differ), or the
    /// plain digit; null for any other reaction.
    /// </summary>
    public static DecisionChoice? ByReaction(IReadOnlyList<DecisionChoice> choices, string key)
    {
        var plain = key.Replace(VariationSelector.ToString(), "", StringComparison.Ordinal).Trim();
        foreach (var choice in choices)
        {
            if (choice.Emoji is not { } emoji) continue;
            if (plain == emoji.Replace(VariationSelector.ToString(), "", StringComparison.Ordinal) || plain == choice.Id) return choice;
        }
        return null;
    }

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
