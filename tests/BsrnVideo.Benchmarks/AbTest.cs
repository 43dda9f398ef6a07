using System.Diagnostics;
using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Graph;
using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Benchmarks;

/// <summary>
/// Interleaved comparison of graph/session variants on one input size: runs A, B, C, ... in turn so that load from
/// other processes on the machine hits every variant alike; reports the median and best time of each.
/// </summary>
internal static class AbTest
{
    public sealed record Variant(string Name, BsrnGraphOptions Graph, bool StaticShape = false, bool Spin = true);

    public static void Run(BsrnCheckpoint checkpoint, IReadOnlyList<Variant> variants, int threads, int height, int width, int rounds)
    {
        var sessions = new List<(Variant V, InferenceSession S, SessionOptions O, OrtValue In, OrtValue Out, OrtIoBinding B)>();
        int s = checkpoint.Architecture.Scale;
        var input = new byte[height * width * 3];
        new Random(5).NextBytes(input);
        foreach (Variant v in variants)
        {
            var o = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            o.AddSessionConfigEntry("session.intra_op.allow_spinning", v.Spin ? "1" : "0");
            BsrnVideo.Infer.Onnx.CustomOps.CustomOperators.AddTo(o);
            if (v.StaticShape)
            {
                o.AddFreeDimensionOverrideByName("batch", 1);
                o.AddFreeDimensionOverrideByName("height", height);
                o.AddFreeDimensionOverrideByName("width", width);
                o.AddFreeDimensionOverrideByName("out_height", height * s);
                o.AddFreeDimensionOverrideByName("out_width", width * s);
            }

            var session = new InferenceSession(BsrnGraphBuilder.Build(checkpoint, v.Graph), o);
            var x = OrtValue.CreateTensorValueFromMemory(input, [1, height, width, 3]);
            var y = OrtValue.CreateTensorValueFromMemory(new byte[height * width * 3 * s * s], [1, height * s, width * s, 3]);
            var b = session.CreateIoBinding();
            b.BindInput("input", x);
            b.BindOutput("output", y);
            sessions.Add((v, session, o, x, y, b));
        }

        using var run = new RunOptions();
        var times = sessions.Select(_ => new List<double>()).ToArray();
        var cpu = sessions.Select(_ => new List<double>()).ToArray();
        using var process = Process.GetCurrentProcess();
        for (int r = -1; r < rounds; r++)
        {
            for (int i = 0; i < sessions.Count; i++)
            {
                process.Refresh();
                TimeSpan c = process.TotalProcessorTime;
                long t = Stopwatch.GetTimestamp();
                sessions[i].S.RunWithBinding(run, sessions[i].B);
                if (r >= 0)
                {
                    times[i].Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    process.Refresh();
                    cpu[i].Add((process.TotalProcessorTime - c).TotalMilliseconds);
                }
            }
        }

        for (int i = 0; i < sessions.Count; i++)
        {
            times[i].Sort();
            cpu[i].Sort();
            Console.WriteLine($"{sessions[i].V.Name,-40} median {times[i][times[i].Count / 2],7:F1} ms   best {times[i][0],7:F1} ms   cpu median {cpu[i][cpu[i].Count / 2],7:F1} ms");
            sessions[i].B.Dispose();
            sessions[i].Out.Dispose();
            sessions[i].In.Dispose();
            sessions[i].S.Dispose();
            sessions[i].O.Dispose();
        }
    }
}
