// One Init function per kernel family; each lives in native/bind_<family>.cc.
#pragma once
#include <napi.h>

namespace epikit {
void InitRandom(Napi::Env env, Napi::Object exports);
void InitCkmeans(Napi::Env env, Napi::Object exports);
void InitIndices(Napi::Env env, Napi::Object exports);
void InitKmeans(Napi::Env env, Napi::Object exports);
void InitDistances(Napi::Env env, Napi::Object exports);
void InitHclust(Napi::Env env, Napi::Object exports);
void InitEvolution(Napi::Env env, Napi::Object exports);
void InitNmf(Napi::Env env, Napi::Object exports);
void InitHawkes(Napi::Env env, Napi::Object exports);
}  // namespace epikit
