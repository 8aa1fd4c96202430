using System.Text;

namespace AgentChat.Metrics;

/// <summary>One child of a metric family: writes its sample lines.</summary>
public interface IMetricSamples
{
    /// <param name="labels">The child's label pairs without braces (<c>kind="task"</c>), or empty.</param>
    internal void WriteSamples(StringBuilder text, string name, string labels);
}
