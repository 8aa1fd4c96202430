using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace AgentChat.Messages;

/// <summary>
/// Renders an agent's Markdown to the HTML Matrix clients show. Raw HTML in the text is escaped, never
/// passed through, and links other than http(s), mailto and matrix.to lose their target.
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url)) link.Url = "";
            link.IsImage = false; // an image would make every reader's client fetch the URL
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafeUrl(link.Url)) link.Url = "";
        }
        return document.ToHtml(Pipeline).TrimEnd('\n');
    }

    private static bool IsSafeUrl(string? url) =>
        url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                            || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                            || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase));
}
