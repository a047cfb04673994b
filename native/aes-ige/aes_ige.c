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
 * Only the functions marked TARGET_AES use AES-NI/SSE instructions; the
 * module refuses to load (throws) when CPUID reports no AES-NI, and the
 * JS side then uses the WebAssembly implementation.
 */
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#define TG_X86 1
#include <emmintrin.h>
#include <wmmintrin.h>
#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#define TARGET_AES
#else
#include <cpuid.h>
#define TARGET_AES __attribute__((target("aes,sse2")))
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

static int cpu_has_aesni(void) {
#if defined(_MSC_VER) && !defined(__clang__)
  int regs[4];
  __cpuid(regs, 1);
  return (regs[2] >> 25) & 1;
#else
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  return (c & bit_AES) != 0 && (d & bit_SSE2) != 0;
#endif
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

TARGET_AES static void ige_decrypt(const uint8_t *in, uint8_t *out, size_t len, const uint8_t *key,
                                   const uint8_t *iv) {
  __m128i rk[15], k[15];
  expand_key_256(key, rk);
  decryption_keys(rk, k);
  __m128i x = _mm_loadu_si128((const __m128i *)iv);        /* previous ciphertext */
  __m128i y = _mm_loadu_si128((const __m128i *)(iv + 16)); /* previous plaintext */
  const __m128i k0 = k[0], k14 = k[14];
  for (size_t off = 0; off < len; off += 16) {
    const __m128i c = _mm_loadu_si128((const __m128i *)(in + off));
    const __m128i last = _mm_xor_si128(k14, x); /* off the critical path */
    __m128i s = _mm_xor_si128(_mm_xor_si128(c, k0), y);
    s = _mm_aesdec_si128(s, k[1]);
    s = _mm_aesdec_si128(s, k[2]);
    s = _mm_aesdec_si128(s, k[3]);
    s = _mm_aesdec_si128(s, k[4]);
    s = _mm_aesdec_si128(s, k[5]);
    s = _mm_aesdec_si128(s, k[6]);
    s = _mm_aesdec_si128(s, k[7]);
    s = _mm_aesdec_si128(s, k[8]);
    s = _mm_aesdec_si128(s, k[9]);
    s = _mm_aesdec_si128(s, k[10]);
    s = _mm_aesdec_si128(s, k[11]);
    s = _mm_aesdec_si128(s, k[12]);
    s = _mm_aesdec_si128(s, k[13]);
    s = _mm_aesdeclast_si128(s, last);
    _mm_storeu_si128((__m128i *)(out + off), s);
    x = c;
    y = s;
  }
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
 * at a time: unlike IGE, CTR blocks are independent and AES-NI pipelines them.
 */
TARGET_AES static __m128i ctr_block(uint64_t hi, uint64_t lo) {
  return _mm_set_epi64x((long long)__builtin_bswap64(lo), (long long)__builtin_bswap64(hi));
}

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

static napi_value init(napi_env env, napi_value exports) {
  if (!cpu_has_aesni()) THROW(env, "AES-NI is not available on this CPU");
  napi_property_descriptor props[] = {
      {"encrypt", NULL, js_encrypt, NULL, NULL, NULL, napi_default, NULL},
      {"decrypt", NULL, js_decrypt, NULL, NULL, NULL, napi_default, NULL},
      {"ctr", NULL, js_ctr, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, 3, props) != napi_ok) THROW(env, "init failed");
  return exports;
}

#else /* not x86: build a stub so the install succeeds; JS falls back to wasm */

static napi_value init(napi_env env, napi_value exports) {
  (void)exports;
  THROW(env, "the native AES-IGE addon supports x86/x86-64 with AES-NI only");
}

#endif

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
