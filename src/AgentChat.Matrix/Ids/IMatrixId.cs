namespace AgentChat.Matrix;

/// <summary>An opaque Matrix identifier carried as a string on the wire.</summary>
public interface IMatrixId<TSelf> where TSelf : struct, IMatrixId<TSelf>
{
    string Value { get; }

    static abstract TSelf Create(string value);
}
