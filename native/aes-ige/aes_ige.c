/*
 * AES-256-IGE for tgfetch, using AES-NI.
 *
 * IGE (as used by MTProto), with iv = x0 || y0 (16 bytes each):
 *   encrypt: c_i = E(p_i ^ c_{i-1}) ^ p_{i-1}     (c_0 = x0, p_0 = y0)
 *   decrypt: p_i = D(c_i ^ p_{i-1}) ^ c_{i-1}
 *
 * Both directions are serial chains (block i needs block i-1's output), so
 * the loop is kept to one XOR plus the 14 AES rounds on the critical path:
 * the first round key is folded into the input ahead of time and the
 * trailing XOR is folded into the last round key (aesenclast/aesdeclast end
 * with an XOR of their key operand).
 *
 * Only the functions marked TARGET_AES (TARGET_SHA) use AES-NI/SSE (and SHA)
 * instructions; the module refuses to load (throws) when CPUID reports no
 * AES-NI, and the JS side then uses the WebAssembly implementation. Without
 * the SHA extensions it loads without decryptSha256.
 */
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#define TG_X86 1
#include <emmintrin.h>
#include <wmmintrin.h>
#include "sha256_ni.h"
#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#define TARGET_AES
#define TARGET_VAES
#else
#include <cpuid.h>
#define TARGET_AES __attribute__((target("aes,sse2")))
#define TARGET_VAES __attribute__((target("aes,avx2,vaes")))
#endif
#else
#define TG_X86 0
#endif

#define THROW(env, msg)                      \
  do {                                       \
    napi_throw_error((env), NULL, (msg));    \
    return NULL;                             \
  } while (0)

#if TG_X86

/* What CPUID says about the instructions this file uses (leaves 1 and 7, and XCR0). */
typedef struct {
  int aes;  /* AES-NI and SSE2 */
  int sha;  /* SHA extensions, SSE4.1, SSSE3 */
  int vaes; /* VAES and AVX2, with the OS saving the YMM registers */
} cpu_features;

static cpu_features read_cpu_features(void) {
  unsigned int c1 = 0, d1 = 0, b7 = 0, c7 = 0, xcr0 = 0;
#if defined(_MSC_VER) && !defined(__clang__)
  int regs[4];
  __cpuid(regs, 1);
  c1 = (unsigned)regs[2];
  d1 = (unsigned)regs[3];
  __cpuidex(regs, 7, 0);
  b7 = (unsigned)regs[1];
  c7 = (unsigned)regs[2];
  if ((c1 >> 27) & 1) xcr0 = (unsigned)_xgetbv(0);
#else
  unsigned int a, b, c, d;
  if (__get_cpuid(1, &a, &b, &c, &d)) {
    c1 = c;
    d1 = d;
  }
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    b7 = b;
    c7 = c;
  }
  if ((c1 >> 27) & 1) { /* OSXSAVE: xgetbv may run */
    unsigned int hi;
    __asm__ volatile("xgetbv" : "=a"(xcr0), "=d"(hi) : "c"(0));
    (void)hi;
  }
#endif
  cpu_features f;
  f.aes = ((c1 >> 25) & 1) && ((d1 >> 26) & 1);
  f.sha = ((b7 >> 29) & 1) && ((c1 >> 19) & 1) && ((c1 >> 9) & 1);
  f.vaes = ((c7 >> 9) & 1) && ((b7 >> 5) & 1) && (xcr0 & 6) == 6;
  return f;
}

/* AES-256 key schedule: 15 round keys. */
TARGET_AES static __m128i expand_step_a(__m128i k, __m128i assist) {
  assist = _mm_shuffle_epi32(assist, 0xff);
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  return _mm_xor_si128(k, assist);
}

TARGET_AES static __m128i expand_step_b(__m128i k, __m128i assist) {
  assist = _mm_shuffle_epi32(assist, 0xaa);
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  return _mm_xor_si128(k, assist);
}

#define EXPAND_PAIR(i, rcon)                                                     \
  rk[i] = expand_step_a(rk[(i) - 2], _mm_aeskeygenassist_si128(rk[(i) - 1], rcon)); \
  if ((i) + 1 < 15) rk[(i) + 1] = expand_step_b(rk[(i) - 1], _mm_aeskeygenassist_si128(rk[i], 0x00));

TARGET_AES static void expand_key_256(const uint8_t *key, __m128i rk[15]) {
  rk[0] = _mm_loadu_si128((const __m128i *)key);
  rk[1] = _mm_loadu_si128((const __m128i *)(key + 16));
  EXPAND_PAIR(2, 0x01)
  EXPAND_PAIR(4, 0x02)
  EXPAND_PAIR(6, 0x04)
  EXPAND_PAIR(8, 0x08)
  EXPAND_PAIR(10, 0x10)
  EXPAND_PAIR(12, 0x20)
  EXPAND_PAIR(14, 0x40)
}

/* Equivalent inverse cipher keys: dk[0] = rk[14], dk[i] = imc(rk[14-i]), dk[14] = rk[0]. */
TARGET_AES static void decryption_keys(const __m128i rk[15], __m128i dk[15]) {
  dk[0] = rk[14];
  for (int i = 1; i < 14; i++) dk[i] = _mm_aesimc_si128(rk[14 - i]);
  dk[14] = rk[0];
}

TARGET_AES static void ige_encrypt(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key,
                                   const uint8_t *iv) {
  __m128i k[15];
  expand_key_256(key, k);
  __m128i x = _mm_loadu_si128((const __m128i *)iv);        /* previous ciphertext */
  __m128i y = _mm_loadu_si128((const __m128i *)(iv + 16)); /* previous plaintext */
  const __m128i k0 = k[0], k14 = k[14];
  for (size_t off = 0; off < len; off += 16) {
    const __m128i p = _mm_loadu_si128((const __m128i *)(in + off));
    const __m128i last = _mm_xor_si128(k14, y); /* off the critical path */
    __m128i s = _mm_xor_si128(_mm_xor_si128(p, k0), x);
    s = _mm_aesenc_si128(s, k[1]);
    s = _mm_aesenc_si128(s, k[2]);
    s = _mm_aesenc_si128(s, k[3]);
    s = _mm_aesenc_si128(s, k[4]);
    s = _mm_aesenc_si128(s, k[5]);
    s = _mm_aesenc_si128(s, k[6]);
    s = _mm_aesenc_si128(s, k[7]);
    s = _mm_aesenc_si128(s, k[8]);
    s = _mm_aesenc_si128(s, k[9]);
    s = _mm_aesenc_si128(s, k[10]);
    s = _mm_aesenc_si128(s, k[11]);
    s = _mm_aesenc_si128(s, k[12]);
    s = _mm_aesenc_si128(s, k[13]);
    s = _mm_aesenclast_si128(s, last);
    _mm_storeu_si128((__m128i *)(out + off), s);
    x = s;
    y = p;
  }
}

/*
 * One IGE decryption step as macros, shared by the plain loop and the one
 * interleaved with SHA-256 below. The setup expands the key; x and y carry
 * the chain (previous ciphertext, previous plaintext). The last round's key
 * has x folded in ahead of time: off the critical path.
 */
#define IGE_DEC_SETUP(key, iv)                                               \
  __m128i rk[15], k[15];                                                    \
  expand_key_256((key), rk);                                                \
  decryption_keys(rk, k);                                                   \
  __m128i x = _mm_loadu_si128((const __m128i *)(iv));                       \
  __m128i y = _mm_loadu_si128((const __m128i *)((iv) + 16));                \
  const __m128i k0 = k[0], k14 = k[14];
#define IGE_DEC_BEGIN(at)                                                   \
  const __m128i c_ = _mm_loadu_si128((const __m128i *)(in + (at)));          \
  const __m128i last_ = _mm_xor_si128(k14, x);                              \
  __m128i s_ = _mm_xor_si128(_mm_xor_si128(c_, k0), y);
#define IGE_DEC_ROUNDS3(r) \
  s_ = _mm_aesdec_si128(s_, k[r]); s_ = _mm_aesdec_si128(s_, k[(r) + 1]); s_ = _mm_aesdec_si128(s_, k[(r) + 2]);
#define IGE_DEC_END(at)                                                     \
  s_ = _mm_aesdec_si128(s_, k[13]);                                         \
  s_ = _mm_aesdeclast_si128(s_, last_);                                     \
  _mm_storeu_si128((__m128i *)(out + (at)), s_);                            \
  x = c_;                                                                   \
  y = s_;
/* one IGE block alone */
#define IGE_DEC_BLOCK(at) \
  { IGE_DEC_BEGIN(at) IGE_DEC_ROUNDS3(1) IGE_DEC_ROUNDS3(4) IGE_DEC_ROUNDS3(7) IGE_DEC_ROUNDS3(10) IGE_DEC_END(at) }

TARGET_AES static void ige_decrypt(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key,
                                   const uint8_t *iv) {
  IGE_DEC_SETUP(key, iv)
  for (size_t off = 0; off < len; off += 16) IGE_DEC_BLOCK(off)
}

/*
 * IGE decryption and, in the same pass, SHA-256(prefix || plaintext): the
 * msg_key check of MTProto 2.0 (prefix = 32 bytes of the auth key). Both are
 * serial chains of long-latency instructions, so the 16 four-round groups of
 * one SHA-256 block are written between the AES rounds of the next four IGE
 * blocks: the CPU runs the two chains side by side, and the hash costs next to
 * nothing on top of the decryption. The block hashed is always one whose
 * plaintext is already written, so the chains never wait for each other.
 * Requires len >= 96 (callers decrypt shorter messages the plain way).
 */
/* one IGE block with four SHA-256 groups (g..g+3) between its rounds; first: the groups need no schedule */
#define IGE_DEC_WITH_SHA(at, g, first)                                                              \
  {                                                                                                 \
    IGE_DEC_BEGIN(at)                                                                               \
    IGE_DEC_ROUNDS3(1)                                                                              \
    if (!(first)) SHA256_SCHED(w0, w1, w2, w3);                                                     \
    SHA256_ROUNDS4(abef, cdgh, w0, g);                                                              \
    IGE_DEC_ROUNDS3(4)                                                                              \
    if (!(first)) SHA256_SCHED(w1, w2, w3, w0);                                                     \
    SHA256_ROUNDS4(abef, cdgh, w1, (g) + 1);                                                        \
    IGE_DEC_ROUNDS3(7)                                                                              \
    if (!(first)) SHA256_SCHED(w2, w3, w0, w1);                                                     \
    SHA256_ROUNDS4(abef, cdgh, w2, (g) + 2);                                                        \
    IGE_DEC_ROUNDS3(10)                                                                             \
    if (!(first)) SHA256_SCHED(w3, w0, w1, w2);                                                     \
    SHA256_ROUNDS4(abef, cdgh, w3, (g) + 3);                                                        \
    IGE_DEC_END(at)                                                                                 \
  }

TARGET_SHA static void ige_decrypt_sha256(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key,
                                          const uint8_t *iv, const uint8_t prefix[32], uint8_t digest[32]) {
  IGE_DEC_SETUP(key, iv)
  const __m128i bswap = SHA256_BSWAP_MASK;
  sha256_state st;
  sha256_init(&st);
  /* the first SHA block is the prefix and 32 bytes of plaintext; then 64 more are decrypted ahead */
  uint8_t first[64];
  for (size_t at = 0; at < 96; at += 16) IGE_DEC_BLOCK(at)
  memcpy(first, prefix, 32);
  memcpy(first + 32, out, 32);
  sha256_block(&st, first);
  size_t off = 96, hashed = 32; /* plaintext decrypted / hashed so far */
  __m128i abef = st.abef, cdgh = st.cdgh;
  for (; off + 64 <= len; off += 64, hashed += 64) {
    const __m128i abef0 = abef, cdgh0 = cdgh;
    const uint8_t *p = out + hashed;
    __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), bswap);
    __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
    __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
    __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);
    IGE_DEC_WITH_SHA(off, 0, 1)
    IGE_DEC_WITH_SHA(off + 16, 4, 0)
    IGE_DEC_WITH_SHA(off + 32, 8, 0)
    IGE_DEC_WITH_SHA(off + 48, 12, 0)
    abef = _mm_add_epi32(abef, abef0);
    cdgh = _mm_add_epi32(cdgh, cdgh0);
  }
  st.abef = abef;
  st.cdgh = cdgh;
  for (; off < len; off += 16) IGE_DEC_BLOCK(off)
  for (; len - hashed >= 64; hashed += 64) sha256_block(&st, out + hashed);
  sha256_finish(&st, out + hashed, len - hashed, 32 + (uint64_t)len, digest);
}

/* Reads a Uint8Array (or Buffer) argument. */
static int get_bytes(napi_env env, napi_value v, uint8_t **data, size_t *len) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  napi_typedarray_type type;
  void *ptr = NULL;
  size_t length = 0;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, NULL, NULL) != napi_ok) return 0;
  if (type != napi_uint8_array) return 0;
  *data = (uint8_t *)ptr;
  *len = length;
  return 1;
}

/*
 * AES-256-CTR over a continuous stream, in place (obfuscated2 framing, CDN
 * files). The 128-bit counter is big-endian, as OpenSSL's; `ks` keeps the
 * unused rest of the last keystream block and `used` says how much of it is
 * spent, so calls may split the stream anywhere. Four blocks are encrypted
 * at a time (sixteen with VAES, where the CPU has it): unlike IGE, CTR blocks
 * are independent and AES-NI pipelines them.
 */
TARGET_AES static __m128i ctr_block(uint64_t hi, uint64_t lo) {
  return _mm_set_epi64x((long long)__builtin_bswap64(lo), (long long)__builtin_bswap64(hi));
}

/*
 * The bulk of a CTR stream with VAES (256-bit AES instructions: two blocks
 * each, sixteen blocks in flight), on CPUs that have it: 256 bytes at a
 * time; returns how many bytes it did. hi/lo: the counter, advanced.
 */
TARGET_VAES static size_t ctr_xor_vaes(uint8_t *data, size_t len, const __m128i k[15], uint64_t *hi, uint64_t *lo) {
  __m256i k2[15];
  for (int r = 0; r < 15; r++) k2[r] = _mm256_broadcastsi128_si256(k[r]);
  size_t i = 0;
  for (; len - i >= 256; i += 256) {
    __m256i b[8];
    for (int j = 0; j < 8; j++) {
      const __m128i first = ctr_block(*hi, *lo);
      if (++*lo == 0) ++*hi;
      const __m128i second = ctr_block(*hi, *lo);
      if (++*lo == 0) ++*hi;
      b[j] = _mm256_xor_si256(_mm256_set_m128i(second, first), k2[0]);
    }
    for (int r = 1; r < 14; r++)
      for (int j = 0; j < 8; j++) b[j] = _mm256_aesenc_epi128(b[j], k2[r]);
    for (int j = 0; j < 8; j++) {
      __m256i *p = (__m256i *)(data + i) + j;
      _mm256_storeu_si256(p, _mm256_xor_si256(_mm256_loadu_si256(p), _mm256_aesenclast_epi128(b[j], k2[14])));
    }
  }
  return i;
}

static int has_vaes = 0;

TARGET_AES static size_t ctr_xor(uint8_t *data, size_t len, const uint8_t *key, uint8_t *counter, uint8_t *ks,
                                 size_t used) {
  size_t i = 0;
  while (used < 16 && i < len) data[i++] ^= ks[used++];
  if (i == len) return used;
  __m128i k[15];
  expand_key_256(key, k);
  uint64_t hi, lo;
  memcpy(&hi, counter, 8);
  memcpy(&lo, counter + 8, 8);
  hi = __builtin_bswap64(hi);
  lo = __builtin_bswap64(lo);
  if (has_vaes) i += ctr_xor_vaes(data + i, len - i, k, &hi, &lo);
#define CTR_NEXT(v) \
  do {              \
    (v) = ctr_block(hi, lo); \
    if (++lo == 0) hi++;     \
  } while (0)
  while (len - i >= 64) {
    __m128i b0, b1, b2, b3;
    CTR_NEXT(b0);
    CTR_NEXT(b1);
    CTR_NEXT(b2);
    CTR_NEXT(b3);
    b0 = _mm_xor_si128(b0, k[0]);
    b1 = _mm_xor_si128(b1, k[0]);
    b2 = _mm_xor_si128(b2, k[0]);
    b3 = _mm_xor_si128(b3, k[0]);
    for (int r = 1; r < 14; r++) {
      b0 = _mm_aesenc_si128(b0, k[r]);
      b1 = _mm_aesenc_si128(b1, k[r]);
      b2 = _mm_aesenc_si128(b2, k[r]);
      b3 = _mm_aesenc_si128(b3, k[r]);
    }
    b0 = _mm_aesenclast_si128(b0, k[14]);
    b1 = _mm_aesenclast_si128(b1, k[14]);
    b2 = _mm_aesenclast_si128(b2, k[14]);
    b3 = _mm_aesenclast_si128(b3, k[14]);
    __m128i *p = (__m128i *)(data + i);
    _mm_storeu_si128(p, _mm_xor_si128(_mm_loadu_si128(p), b0));
    _mm_storeu_si128(p + 1, _mm_xor_si128(_mm_loadu_si128(p + 1), b1));
    _mm_storeu_si128(p + 2, _mm_xor_si128(_mm_loadu_si128(p + 2), b2));
    _mm_storeu_si128(p + 3, _mm_xor_si128(_mm_loadu_si128(p + 3), b3));
    i += 64;
  }
  while (i < len) {
    __m128i b;
    CTR_NEXT(b);
    b = _mm_xor_si128(b, k[0]);
    for (int r = 1; r < 14; r++) b = _mm_aesenc_si128(b, k[r]);
    b = _mm_aesenclast_si128(b, k[14]);
    if (len - i >= 16) {
      __m128i *p = (__m128i *)(data + i);
      _mm_storeu_si128(p, _mm_xor_si128(_mm_loadu_si128(p), b));
      i += 16;
      used = 16;
    } else {
      _mm_storeu_si128((__m128i *)ks, b);
      used = 0;
      while (i < len) data[i++] ^= ks[used++];
    }
  }
#undef CTR_NEXT
  hi = __builtin_bswap64(hi);
  lo = __builtin_bswap64(lo);
  memcpy(counter, &hi, 8);
  memcpy(counter + 8, &lo, 8);
  return used;
}

/* js: (data, key, counter, keystream, used) => used; data, counter and keystream are updated in place. */
static napi_value js_ctr(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5)
    THROW(env, "expected (data, key, counter, keystream, used)");
  uint8_t *data, *key, *counter, *ks;
  size_t len, key_len, counter_len, ks_len;
  uint32_t used;
  if (!get_bytes(env, argv[0], &data, &len)) THROW(env, "data must be a Uint8Array");
  if (!get_bytes(env, argv[1], &key, &key_len) || key_len != 32) THROW(env, "key must be 32 bytes");
  if (!get_bytes(env, argv[2], &counter, &counter_len) || counter_len != 16) THROW(env, "counter must be 16 bytes");
  if (!get_bytes(env, argv[3], &ks, &ks_len) || ks_len != 16) THROW(env, "keystream must be 16 bytes");
  if (napi_get_value_uint32(env, argv[4], &used) != napi_ok || used > 16) THROW(env, "used must be 0..16");
  uint8_t key_copy[32];
  memcpy(key_copy, key, 32);
  napi_value result;
  napi_create_uint32(env, (uint32_t)ctr_xor(data, len, key_copy, counter, ks, used), &result);
  return result;
}

typedef void (*ige_fn)(const uint8_t *, uint8_t *, size_t, const uint8_t *, const uint8_t *);

/* js: (data, key, iv, out?) => Uint8Array; out may alias data (in place). */
static napi_value run_ige(napi_env env, napi_callback_info info, ige_fn fn) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) THROW(env, "bad call");
  if (argc < 3) THROW(env, "expected (data, key, iv[, out])");
  uint8_t *data, *key, *iv, *out;
  size_t len, key_len, iv_len, out_len;
  if (!get_bytes(env, argv[0], &data, &len)) THROW(env, "data must be a Uint8Array");
  if (!get_bytes(env, argv[1], &key, &key_len) || key_len != 32) THROW(env, "key must be 32 bytes");
  if (!get_bytes(env, argv[2], &iv, &iv_len) || iv_len != 32) THROW(env, "iv must be 32 bytes");
  if (len % 16 != 0) THROW(env, "data length must be a multiple of 16");
  napi_value result;
  napi_valuetype out_type = napi_undefined;
  if (argc >= 4) napi_typeof(env, argv[3], &out_type);
  if (out_type != napi_undefined && out_type != napi_null) {
    if (!get_bytes(env, argv[3], &out, &out_len) || out_len < len) THROW(env, "out is too small");
    result = argv[3];
  } else {
    void *buf = NULL;
    if (napi_create_buffer(env, len, &buf, &result) != napi_ok) THROW(env, "allocation failed");
    out = (uint8_t *)buf;
  }
  /* Copy key and iv: the JS side could hand us views that overlap the output. */
  uint8_t key_copy[32], iv_copy[32];
  memcpy(key_copy, key, 32);
  memcpy(iv_copy, iv, 32);
  fn(data, out, len, key_copy, iv_copy);
  return result;
}

static napi_value js_encrypt(napi_env env, napi_callback_info info) { return run_ige(env, info, ige_encrypt); }
static napi_value js_decrypt(napi_env env, napi_callback_info info) { return run_ige(env, info, ige_decrypt); }

/* js: (data, key, iv, prefix, out) => digest (32 bytes); out may alias data (in place). */
static napi_value js_decrypt_sha256(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5)
    THROW(env, "expected (data, key, iv, prefix, out)");
  uint8_t *data, *key, *iv, *prefix, *out;
  size_t len, key_len, iv_len, prefix_len, out_len;
  if (!get_bytes(env, argv[0], &data, &len)) THROW(env, "data must be a Uint8Array");
  if (!get_bytes(env, argv[1], &key, &key_len) || key_len != 32) THROW(env, "key must be 32 bytes");
  if (!get_bytes(env, argv[2], &iv, &iv_len) || iv_len != 32) THROW(env, "iv must be 32 bytes");
  if (!get_bytes(env, argv[3], &prefix, &prefix_len) || prefix_len != 32) THROW(env, "prefix must be 32 bytes");
  if (!get_bytes(env, argv[4], &out, &out_len) || out_len < len) THROW(env, "out is too small");
  if (len % 16 != 0 || len < 96) THROW(env, "data length must be a multiple of 16, at least 96");
  uint8_t key_copy[32], iv_copy[32], prefix_copy[32];
  memcpy(key_copy, key, 32);
  memcpy(iv_copy, iv, 32);
  memcpy(prefix_copy, prefix, 32);
  napi_value result;
  void *digest = NULL;
  if (napi_create_buffer(env, 32, &digest, &result) != napi_ok) THROW(env, "allocation failed");
  ige_decrypt_sha256(data, out, len, key_copy, iv_copy, prefix_copy, (uint8_t *)digest);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  const cpu_features cpu = read_cpu_features();
  if (!cpu.aes) THROW(env, "AES-NI is not available on this CPU");
  has_vaes = cpu.vaes;
  napi_property_descriptor props[] = {
      {"encrypt", NULL, js_encrypt, NULL, NULL, NULL, napi_default, NULL},
      {"decrypt", NULL, js_decrypt, NULL, NULL, NULL, napi_default, NULL},
      {"ctr", NULL, js_ctr, NULL, NULL, NULL, napi_default, NULL},
      /* only where the CPU has the SHA extensions */
      {"decryptSha256", NULL, js_decrypt_sha256, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, cpu.sha ? 4 : 3, props) != napi_ok) THROW(env, "init failed");
  return exports;
}

#else /* not x86: build a stub so the install succeeds; JS falls back to wasm */

static napi_value init(napi_env env, napi_value exports) {
  (void)exports;
  THROW(env, "the native AES-IGE addon supports x86/x86-64 with AES-NI only");
}

#endif

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
