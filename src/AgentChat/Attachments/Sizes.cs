using System.Globalization;

namespace AgentChat.Attachments;

/// <summary>Byte counts for people: "5 MB", "1.5 KB" (binary units, as Synapse's <c>max_upload_size: 50M</c> means them).</summary>
public static class Sizes
{
    public static string Human(long bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var format = unit == 0 || value >= 10 || value == Math.Floor(value) ? "0" : "0.#";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
