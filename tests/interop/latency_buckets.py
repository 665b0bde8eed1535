"""The latency histogram's bucket layout, as
runtime/src/stats/latency_histogram.hpp defines it (the summary's scheme
"log_linear_us_64x32"): one bucket per microsecond below 64 µs, then 32
buckets per power of two. The tests that check our percentiles and merges
compute them independently from this."""

import math


def lower(i):
    """The smallest value, in µs, of bucket i (LatencyBuckets::lower)."""
    if i < 64:
        return i
    k = i - 64
    msb = k // 32 + 6
    return (32 + k % 32) << (msb - 5)


def upper(i):
    """The largest value, in µs, of bucket i."""
    if i < 64:
        return i
    k = i - 64
    msb = k // 32 + 6
    return ((32 + k % 32 + 1) << (msb - 5)) - 1


def width_us(us):
    """The width of the bucket holding `us`."""
    if us < 64:
        return 1
    return 2 ** int(math.floor(math.log2(us))) // 32
