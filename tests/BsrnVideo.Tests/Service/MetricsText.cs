using System.Globalization;

namespace BsrnVideo.Tests.Service;

/// <summary>Reads values out of Prometheus' text exposition format.</summary>
internal static class MetricsText
{
    /// <summary>The value of the first sample of <paramref name="name"/> whose labels include every one of <paramref name="labels"/> (k="v").</summary>
    public static double? Value(string text, string name, params string[] labels)
    {
        foreach (string line in text.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal) && !line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                continue;
            }

            int close = line.LastIndexOf('}');
            string labelText = close > 0 ? line[..close] : string.Empty;
            if (labels.All(l => labelText.Contains(l, StringComparison.Ordinal)))
            {
                string value = line[(close + 1)..].Trim().Split(' ')[0];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
