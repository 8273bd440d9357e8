"""Small PCM WAV recordings, 8 kHz mono 16-bit, as Asterisk's MixMonitor writes them: the
demo database's recordings are made here rather than committed as binary files."""

import io
import math
import struct
import wave

RATE = 8000


def tones_wav(segments, volume=0.3):
    """WAV bytes of ``segments``: ``(frequency in Hz, seconds)`` one after the other, a
    frequency of 0 being silence."""
    amplitude = int(32767 * volume)
    frames = bytearray()
    for frequency, seconds in segments:
        for i in range(int(RATE * seconds)):
            sample = amplitude * math.sin(2 * math.pi * frequency * i / RATE) if frequency else 0
            frames += struct.pack("<h", int(sample))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()
