using BsrnVideo.FFmpeg.Handles;
using BsrnVideo.Infer;
using BsrnVideo.Pipeline;
using BsrnVideo.Tests.TestUtilities;

namespace BsrnVideo.Tests.Pipeline;

/// <summary>
/// Native memory over many jobs in one process (issue 5's soak): 200 short jobs, resident set measured after job 50
/// and job 200, file descriptors and FFmpeg handles counted. Runs alone (process-wide figures).
/// </summary>
[Collection(nameof(ProcessWideCounters))]
public sealed class UpscaleJobSoakTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_TwoHundredShortJobs_ResidentSetSettlesAndNothingLeaks()
    {
        string input = TestClips.BigBuckBunny160x90;
        string output = _temp.File("soak.mp4");
        long handlesBefore = NativeHandleTracker.Outstanding;
        long rssAt50 = 0;
        int descriptorsAt50 = 0;
        for (int job = 1; job <= 200; job++)
        {
            using var upscaler = new BicubicUpscaler(2);
            using var metrics = new PipelineMetrics();
            var options = new UpscaleJobOptions
            {
                Input = input,
                Output = output,
                Overwrite = true,
                Encoder = new BsrnVideo.Encode.EncoderSettings { Preset = "ultrafast" },
            };
            using (UpscaleJob run = UpscaleJob.Open(options, upscaler, metrics))
            {
                Assert.Equal(JobOutcome.Completed, await run.RunAsync(CancellationToken.None, TestContext.Current.CancellationToken));
            }

            if (Environment.GetEnvironmentVariable("BSRN_SOAK_TRACE") is not null && job % 25 == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Console.Error.WriteLine($"job {job}: RSS {ResidentBytes() / 1048576.0:F1} MiB, managed {GC.GetTotalMemory(false) / 1048576.0:F1} MiB");
            }

            if (job == 50)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                rssAt50 = ResidentBytes();
                descriptorsAt50 = Directory.GetFiles("/proc/self/fd").Length;
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long rssAt200 = ResidentBytes();
        int descriptorsAt200 = Directory.GetFiles("/proc/self/fd").Length;
        TestContext.Current.TestOutputHelper?.WriteLine($"RSS after job 50: {rssAt50 / 1048576.0:F1} MiB, after job 200: {rssAt200 / 1048576.0:F1} MiB; fds {descriptorsAt50} -> {descriptorsAt200}");
        Assert.True(rssAt200 < rssAt50 * 1.10, $"resident set grew from {rssAt50 / 1048576.0:F1} MiB (job 50) to {rssAt200 / 1048576.0:F1} MiB (job 200)");
        Assert.True(descriptorsAt200 <= descriptorsAt50 + 4, $"file descriptors grew from {descriptorsAt50} to {descriptorsAt200}");
        Assert.Equal(handlesBefore, NativeHandleTracker.Outstanding);
    }

    private static long ResidentBytes()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
