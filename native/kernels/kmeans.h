#pragma once
namespace epikit {}
