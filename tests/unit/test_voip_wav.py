"""Demo recordings made in Python (crm_voip_bridge/lib/wav.py): real WAV files a browser plays."""

import io
import struct
import wave

from odoo.addons.crm_voip_bridge.lib.wav import RATE, tones_wav


def test_tones_make_an_8khz_mono_pcm_wav_of_their_length():
    data = tones_wav([(425, 0.5), (0, 0.25), (440, 0.75)])
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    with wave.open(io.BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        assert wav.getnframes() == int(RATE * 1.5)
        frames = wav.readframes(wav.getnframes())
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    tone, silence = samples[: RATE // 2], samples[RATE // 2: RATE * 3 // 4]
    assert max(tone) > 9000 and min(tone) < -9000, "a tone at 30 % of full scale"
    assert not any(silence), "a frequency of 0 is silence"
    assert len(data) < 30_000, "small enough for a demo database"
