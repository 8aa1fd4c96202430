namespace AgentChat.Matrix;

/// <summary>The Matrix error codes this project acts on.</summary>
public static class MatrixErrorCodes
{
    public const string Forbidden = "M_FORBIDDEN";
    public const string NotFound = "M_NOT_FOUND";
    public const string UnknownToken = "M_UNKNOWN_TOKEN";
    public const string MissingToken = "M_MISSING_TOKEN";
    public const string LimitExceeded = "M_LIMIT_EXCEEDED";
    public const string TooLarge = "M_TOO_LARGE";
    public const string UserInUse = "M_USER_IN_USE";
    public const string RoomInUse = "M_ROOM_IN_USE";
    public const string BadJson = "M_BAD_JSON";
    public const string NotJson = "M_NOT_JSON";
    public const string InvalidParam = "M_INVALID_PARAM";
    public const string Unknown = "M_UNKNOWN";
    public const string Unrecognized = "M_UNRECOGNIZED";
}
