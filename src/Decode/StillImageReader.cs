using BsrnVideo.FFmpeg;
using BsrnVideo.Frames;

namespace BsrnVideo.Decode;

/// <summary>
/// Reads one picture (PNG, JPEG, or the first frame of any video) into packed RGB through the same demux, decode and
/// colour conversion the pipeline uses. For RGB images the conversion is a plain copy: no YUV round trip.
/// </summary>
public static class StillImageReader
{
    /// <exception cref="DecodeException">The file cannot be opened or holds no picture.</exception>
    public static RgbFrame Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new DecodeException($"{path}: no such file.");
        }

        MediaInput input;
        try
        {
            input = MediaInput.Open(path);
        }
        catch (AvException e)
        {
            throw new DecodeException($"{path}: cannot be read as an image: {e.FFmpegMessage}.", e);
        }

        using (input)
        {
            MediaStream stream = input.FindBestVideoStream() ?? throw new DecodeException($"{path}: holds no picture.");
            using var decoder = new VideoDecoder(stream, threads: 1);
            using var packets = new PacketPool(4);
            using var frames = new NativeFramePool(keepBuffers: false);
            using NativeFrame picture = frames.Rent();
            using MediaPacket packet = packets.Rent();
            bool draining = false;
            while (true)
            {
                if (decoder.Receive(picture) == AvStatus.Ok)
                {
                    break;
                }

                if (draining)
                {
                    throw new DecodeException($"{path}: stream {stream.Describe()} has no decodable picture.");
                }

                AvStatus read;
                try
                {
                    read = input.ReadPacket(packet);
                }
                catch (AvException e)
                {
                    throw new DecodeException($"{path}: {e.Message}", e);
                }

                if (read == AvStatus.EndOfFile)
                {
                    decoder.Send(null);
                    draining = true;
                }
                else if (packet.StreamIndex == stream.Index)
                {
                    decoder.Send(packet);
                }
            }

            var pool = new FramePool(picture.Width, picture.Height);
            RgbFrame rgb = pool.Rent();
            try
            {
                using var converter = new RgbFrameConverter(stream.Color);
                converter.Convert(picture, rgb);
                return rgb;
            }
            catch
            {
                rgb.Dispose();
                throw;
            }
        }
    }
}
