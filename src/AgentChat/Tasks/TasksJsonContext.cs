using System.Text.Json.Serialization;

namespace AgentChat.Tasks;

/// <summary>The tasks' and threads' wire format, on the gateway and in <c>--json</c>; same conventions as the gateway's.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskView))]
[JsonSerializable(typeof(TaskListResponse))]
[JsonSerializable(typeof(TaskResponse))]
[JsonSerializable(typeof(TaskMoveResponse))]
[JsonSerializable(typeof(ThreadsResponse))]
[JsonSerializable(typeof(TaskNewRequest))]
[JsonSerializable(typeof(TaskMoveRequest))]
public sealed partial class TasksJsonContext : JsonSerializerContext;
