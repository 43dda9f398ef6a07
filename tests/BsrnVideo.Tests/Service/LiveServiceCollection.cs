namespace BsrnVideo.Tests.Service;

/// <summary>
/// The tests that push real-time streams through the service run one at a time: on a 2-core machine, two live
/// pipelines plus two ffmpeg senders would measure the machine, not the service.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveServiceCollection
{
    public const string Name = "Live service";
}
