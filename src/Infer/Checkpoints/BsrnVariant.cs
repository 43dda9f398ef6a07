namespace BsrnVideo.Infer.Checkpoints;

/// <summary>Which of the authors' two network definitions a checkpoint belongs to.</summary>
public enum BsrnVariant
{
    /// <summary>The paper's BSRN (<c>BSRN_arch.py</c>): 1x1 layers as convolutions, ESA + CCA in each block.</summary>
    Bsrn,

    /// <summary>
    /// BSRN-S, the NTIRE 2022 entry (<c>rfdnfinalB5_arch.py</c>, class <c>RFDNFINALB5</c>): 1x1 layers as Linear with
    /// bias, no CCA, a per-channel scale <c>cw</c> and a <c>conv_out</c> before each block's residual add.
    /// </summary>
    BsrnS,
}
