# C++ backends: gRPC at a pinned tag, llama.cpp at a pinned commit (backend/cpp/llama-cpp/Makefile).
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${BASE_IMAGE} AS build
ARG BACKEND
ARG BUILD_TYPE
ARG GRPC_VERSION=v1.65.0
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake git ca-certificates
RUN git clone --depth 1 --branch ${GRPC_VERSION} https://github.com/grpc/grpc /opt/grpc
WORKDIR /src
COPY backend/cpp/${BACKEND}/ ./
RUN make BUILD_TYPE=${BUILD_TYPE} build

FROM ${BASE_IMAGE}
COPY --from=build /src/bin/ /usr/local/bin/
