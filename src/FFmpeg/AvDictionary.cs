using BsrnVideo.FFmpeg.Native;

namespace BsrnVideo.FFmpeg;

/// <summary>Builds and reads FFmpeg's <c>AVDictionary</c> (string key/value options and metadata).</summary>
internal static unsafe class AvDictionary
{
    /// <summary>A new dictionary holding <paramref name="entries"/>; the caller frees it with <c>av_dict_free</c>.</summary>
    public static AVDictionary* From(IReadOnlyDictionary<string, string>? entries)
    {
        AVDictionary* dictionary = null;
        if (entries is not null)
        {
            foreach ((string key, string value) in entries)
            {
                AvResult.ThrowIfError(LibAvUtil.av_dict_set(&dictionary, key, value, 0), $"setting option {key}");
            }
        }

        return dictionary;
    }

    public static Dictionary<string, string> ToDictionary(AVDictionary* dictionary)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        AVDictionaryEntry* entry = null;
        while ((entry = LibAvUtil.av_dict_get(dictionary, string.Empty, entry, AvConstants.AV_DICT_IGNORE_SUFFIX)) is not null)
        {
            // struct AVDictionaryEntry { char *key; char *value; }
            byte** pair = (byte**)entry;
            result[Utf8.From(pair[0])] = Utf8.From(pair[1]);
        }

        return result;
    }

    /// <summary>Names of the entries FFmpeg left unconsumed (options nobody recognised).</summary>
    public static IReadOnlyList<string> Keys(AVDictionary* dictionary) => [.. ToDictionary(dictionary).Keys];
}
