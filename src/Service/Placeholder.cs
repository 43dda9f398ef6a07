namespace BsrnVideo.Service;
internal static class Placeholder { }
