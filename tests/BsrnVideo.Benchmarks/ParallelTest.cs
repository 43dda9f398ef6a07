using System.Diagnostics;
using BsrnVideo.Infer.Checkpoints;
using BsrnVideo.Infer.Graph;
using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Benchmarks;

/// <summary>
/// Frame-level parallelism against operator-level parallelism: one session with N intra-op threads running frames
/// one after another, or N single-threaded sessions each running its own frame at the same time.
/// </summary>
internal static class ParallelTest
{
    public static void Run(BsrnCheckpoint checkpoint, BsrnGraphOptions graph, int cores, int height, int width, int rounds)
    {
        byte[] model = BsrnGraphBuilder.Build(checkpoint, graph);
        int s = checkpoint.Architecture.Scale;
        double shared = Measure(model, s, sessions: 1, threadsPerSession: cores, framesPerRound: cores, height, width, rounds);
        double split = Measure(model, s, sessions: cores, threadsPerSession: 1, framesPerRound: cores, height, width, rounds);
        Console.WriteLine($"1 session x {cores} threads, frames in turn:  {shared,7:F1} ms/frame (best round)");
        Console.WriteLine($"{cores} sessions x 1 thread, frames at once:  {split,7:F1} ms/frame (best round)");
    }

    private static double Measure(byte[] model, int s, int sessions, int threadsPerSession, int framesPerRound, int height, int width, int rounds)
    {
        var items = new List<(SessionOptions O, InferenceSession S, OrtValue X, OrtValue Y, OrtIoBinding B)>();
        for (int i = 0; i < sessions; i++)
        {
            var o = new SessionOptions { IntraOpNumThreads = threadsPerSession, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            BsrnVideo.Infer.Onnx.CustomOps.CustomOperators.AddTo(o);
            o.AddFreeDimensionOverrideByName("batch", 1);
            o.AddFreeDimensionOverrideByName("height", height);
            o.AddFreeDimensionOverrideByName("width", width);
            o.AddFreeDimensionOverrideByName("out_height", height * s);
            o.AddFreeDimensionOverrideByName("out_width", width * s);
            var session = new InferenceSession(model, o);
            var x = OrtValue.CreateTensorValueFromMemory(new byte[height * width * 3], [1, height, width, 3]);
            var y = OrtValue.CreateTensorValueFromMemory(new byte[height * width * 3 * s * s], [1, height * s, width * s, 3]);
            var b = session.CreateIoBinding();
            b.BindInput("input", x);
            b.BindOutput("output", y);
            items.Add((o, session, x, y, b));
        }

        double best = double.MaxValue;
        for (int r = -1; r < rounds; r++)
        {
            long t = Stopwatch.GetTimestamp();
            if (sessions == 1)
            {
                using var run = new RunOptions();
                for (int f = 0; f < framesPerRound; f++)
                {
                    items[0].S.RunWithBinding(run, items[0].B);
                }
            }
            else
            {
                var threads = items.Select(item => new Thread(() =>
                {
                    using var run = new RunOptions();
                    for (int f = 0; f < framesPerRound / sessions; f++)
                    {
                        item.S.RunWithBinding(run, item.B);
                    }
                })).ToList();
                threads.ForEach(th => th.Start());
                threads.ForEach(th => th.Join());
            }

            if (r >= 0)
            {
                best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalMilliseconds / framesPerRound);
            }
        }

        foreach (var item in items)
        {
            item.B.Dispose();
            item.Y.Dispose();
            item.X.Dispose();
            item.S.Dispose();
            item.O.Dispose();
        }

        return best;
    }
}
