// Argument checking for the N-API glue. Every binding re-checks types, lengths and ranges
// here, so bad input becomes a JS exception (with an E_* code) and never a crash.
#pragma once
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>

namespace epikit {

// A double as JS would print it in a message: NaN, Infinity, or 17 significant digits.
inline std::string formatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

// A JS Error carrying a stable `code` property.
inline Napi::Error codedError(Napi::Env env, const char* code, const std::string& message) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::String::New(env, code));
  return err;
}

template <typename T, napi_typedarray_type Kind>
struct ArrayArg {
  T* data = nullptr;
  size_t length = 0;
};

using F64 = ArrayArg<double, napi_float64_array>;
using I32 = ArrayArg<int32_t, napi_int32_array>;
using U32 = ArrayArg<uint32_t, napi_uint32_array>;
using U8 = ArrayArg<uint8_t, napi_uint8_array>;

inline const char* typedArrayName(napi_typedarray_type kind) {
  switch (kind) {
    case napi_float64_array: return "Float64Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint32_array: return "Uint32Array";
    case napi_uint8_array: return "Uint8Array";
    default: return "typed array";
  }
}

// Typed array argument i of the expected element type; `allowNull` accepts null/undefined
// (returned as data == nullptr, length == 0).
template <typename A>
A arrayArg(const Napi::CallbackInfo& info, size_t i, const char* name, bool allowNull = false);

template <typename T, napi_typedarray_type Kind>
inline ArrayArg<T, Kind> typedArg(const Napi::CallbackInfo& info, size_t i, const char* name, bool allowNull) {
  Napi::Env env = info.Env();
  ArrayArg<T, Kind> out;
  Napi::Value v = info[i];
  if (allowNull && (v.IsNull() || v.IsUndefined())) return out;
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != Kind) {
    throw codedError(env, "E_INPUT_TYPE", std::string(name) + " must be a " + typedArrayName(Kind));
  }
  Napi::TypedArrayOf<T> arr = v.As<Napi::TypedArrayOf<T>>();
  out.data = arr.Data();
  out.length = arr.ElementLength();
  return out;
}

inline F64 f64Arg(const Napi::CallbackInfo& info, size_t i, const char* name, bool allowNull = false) {
  return typedArg<double, napi_float64_array>(info, i, name, allowNull);
}
inline I32 i32Arg(const Napi::CallbackInfo& info, size_t i, const char* name, bool allowNull = false) {
  return typedArg<int32_t, napi_int32_array>(info, i, name, allowNull);
}
inline U32 u32Arg(const Napi::CallbackInfo& info, size_t i, const char* name, bool allowNull = false) {
  return typedArg<uint32_t, napi_uint32_array>(info, i, name, allowNull);
}
inline U8 u8Arg(const Napi::CallbackInfo& info, size_t i, const char* name, bool allowNull = false) {
  return typedArg<uint8_t, napi_uint8_array>(info, i, name, allowNull);
}

inline double numberArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) {
    throw codedError(info.Env(), "E_INPUT_TYPE", std::string(name) + " must be a number");
  }
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(v)) {
    throw codedError(info.Env(), "E_INPUT_NAN", std::string(name) + " must be finite, got " + formatNumber(v));
  }
  return v;
}

// An integer argument in [lo, hi].
inline int64_t intArg(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t lo, int64_t hi) {
  double v = numberArg(info, i, name);
  if (v != std::floor(v) || v < static_cast<double>(lo) || v > static_cast<double>(hi)) {
    throw codedError(info.Env(), "E_INPUT_RANGE",
                     std::string(name) + " is " + formatNumber(v) + ": expected an integer in [" +
                         std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return static_cast<int64_t>(v);
}

// A seed in [0, 2^53 - 1], as the unsigned 64-bit value the generators take.
inline uint64_t seedArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  return static_cast<uint64_t>(intArg(info, i, name, 0, 9007199254740991LL));
}

template <typename A>
inline void requireLength(Napi::Env env, const A& arr, const char* name, size_t expected) {
  if (arr.length != expected) {
    throw codedError(env, "E_INPUT_SHAPE",
                     std::string(name) + " has length " + std::to_string(arr.length) + ": expected " +
                         std::to_string(expected));
  }
}

template <typename A>
inline void requireAtLeast(Napi::Env env, const A& arr, const char* name, size_t expected) {
  if (arr.length < expected) {
    throw codedError(env, "E_INPUT_SHAPE",
                     std::string(name) + " has length " + std::to_string(arr.length) + ": expected at least " +
                         std::to_string(expected));
  }
}

inline void requireArgs(const Napi::CallbackInfo& info, size_t count, const char* kernel) {
  if (info.Length() != count) {
    throw codedError(info.Env(), "E_INPUT_SHAPE",
                     std::string(kernel) + " takes " + std::to_string(count) + " arguments, got " +
                         std::to_string(info.Length()));
  }
}

// Wraps a binding body so that C++ exceptions from the kernel (bad_alloc, invalid_argument,
// ...) surface as coded JS errors instead of terminating the process.
template <typename Body>
inline Napi::Value guarded(const Napi::CallbackInfo& info, Body body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw codedError(info.Env(), "E_KERNEL", "out of memory in native kernel");
  } catch (const std::invalid_argument& e) {
    throw codedError(info.Env(), "E_INPUT_RANGE", e.what());
  } catch (const std::exception& e) {
    throw codedError(info.Env(), "E_KERNEL", e.what());
  }
}

}  // namespace epikit
