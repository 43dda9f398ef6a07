using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace BsrnVideo.Benchmarks;

/// <summary>Runs a model with ORT's profiler on and prints the time per operator type (after ORT's fusions).</summary>
internal static class OpProfile
{
    public static void Run(byte[] model, int threads, bool spinning, int height, int width, int runs, GraphOptimizationLevel level)
    {
        string prefix = Path.Combine(Path.GetTempPath(), "bsrn-profile");
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            GraphOptimizationLevel = level,
            EnableProfiling = true,
            ProfileOutputPathPrefix = prefix,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
        BsrnVideo.Infer.Onnx.CustomOps.CustomOperators.AddTo(options);
        options.AddFreeDimensionOverrideByName("batch", 1);
        options.AddFreeDimensionOverrideByName("height", height);
        options.AddFreeDimensionOverrideByName("width", width);
        options.OptimizedModelFilePath = Path.Combine(Path.GetTempPath(), "bsrn-profile-optimized.onnx");
        using var session = new InferenceSession(model, options);
        var input = new byte[height * width * 3];
        new Random(3).NextBytes(input);
        using var x = OrtValue.CreateTensorValueFromMemory(input, [1, height, width, 3]);
        using var run = new RunOptions();
        for (int i = 0; i < runs; i++)
        {
            using var results = session.Run(run, ["input"], [x], ["output"]);
        }

        string file = session.EndProfiling();
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
        var byOp = new Dictionary<string, (double Us, int Count)>();
        foreach (JsonElement e in doc.RootElement.EnumerateArray())
        {
            if (e.GetProperty("cat").GetString() != "Node" || !e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal))
            {
                continue;
            }

            string op = e.GetProperty("args").GetProperty("op_name").GetString()!;
            double us = e.GetProperty("dur").GetDouble();
            byOp[op] = byOp.TryGetValue(op, out var v) ? (v.Us + us, v.Count + 1) : (us, 1);
        }

        if (Environment.GetEnvironmentVariable("BSRN_PROFILE_NODES") == "1")
        {
            var byNode = new Dictionary<string, double>();
            foreach (JsonElement e in doc.RootElement.EnumerateArray())
            {
                string name = e.GetProperty("name").GetString()!;
                if (e.GetProperty("cat").GetString() != "Node" || !name.EndsWith("_kernel_time", StringComparison.Ordinal))
                {
                    continue;
                }

                string key = System.Text.RegularExpressions.Regex.Replace(name[..^"_kernel_time".Length], @"^B\d+\.", "B*.");
                key = System.Text.RegularExpressions.Regex.Replace(key, @"_\d+$", "");
                key = e.GetProperty("args").GetProperty("op_name").GetString() + " " + key;
                byNode[key] = byNode.GetValueOrDefault(key) + e.GetProperty("dur").GetDouble();
            }

            foreach ((string node, double us) in byNode.OrderByDescending(kv => kv.Value).Take(45))
            {
                Console.WriteLine($"    {node,-60} {us / runs / 1000,8:F2} ms");
            }
        }

        double total = byOp.Values.Sum(v => v.Us);
        Console.WriteLine($"operator time per run over {runs} runs (ORT profiler, {width}x{height}):");
        foreach ((string op, (double us, int count)) in byOp.OrderByDescending(kv => kv.Value.Us))
        {
            Console.WriteLine($"  {op,-28} {us / runs / 1000,8:F1} ms  {us / total * 100,5:F1} %  ({count / runs} nodes)");
        }

        Console.WriteLine($"  {"total",-28} {total / runs / 1000,8:F1} ms");
        File.Delete(file);
    }
}
