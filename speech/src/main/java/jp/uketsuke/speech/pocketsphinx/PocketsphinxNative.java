package jp.uketsuke.speech.pocketsphinx;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.file.Path;

/** The parts of the pocketsphinx 5prealpha and sphinxbase C APIs the recognizer uses. */
final class PocketsphinxNative {

    interface Pocketsphinx extends Library {
        Pointer ps_args();

        Pointer ps_init(Pointer config);

        int ps_free(Pointer decoder);

        int ps_set_jsgf_string(Pointer decoder, String name, String jsgf);

        int ps_set_lm_file(Pointer decoder, String name, String path);

        int ps_set_search(Pointer decoder, String name);

        int ps_unset_search(Pointer decoder, String name);

        String ps_lookup_word(Pointer decoder, String word);

        int ps_start_utt(Pointer decoder);

        // n_samples is a size_t: a long on the LP64 platforms (Linux amd64/arm64) Debian ships.
        int ps_process_raw(Pointer decoder, short[] data, long samples, int noSearch, int fullUtterance);

        int ps_end_utt(Pointer decoder);

        String ps_get_hyp(Pointer decoder, IntByReference bestScore);
    }

    interface Sphinxbase extends Library {
        Pointer cmd_ln_init(Pointer existing, Pointer definitions, int strict, Object... nameValuePairsThenNull);

        int cmd_ln_free_r(Pointer config);

        void err_set_logfp(Pointer stream);
    }

    final Sphinxbase sphinxbase;
    final Pocketsphinx pocketsphinx;

    private PocketsphinxNative(Sphinxbase sphinxbase, Pocketsphinx pocketsphinx) {
        this.sphinxbase = sphinxbase;
        this.pocketsphinx = pocketsphinx;
    }

    /** Loads sphinxbase first so that pocketsphinx's dependency resolves to the same copy. */
    static PocketsphinxNative load(Path sphinxbaseLibrary, Path pocketsphinxLibrary) {
        Sphinxbase sphinxbase = Native.load(sphinxbaseLibrary.toString(), Sphinxbase.class);
        Pocketsphinx pocketsphinx = Native.load(pocketsphinxLibrary.toString(), Pocketsphinx.class);
        sphinxbase.err_set_logfp(null); // silence sphinxbase's own logging before any decoder speaks
        return new PocketsphinxNative(sphinxbase, pocketsphinx);
    }
}
