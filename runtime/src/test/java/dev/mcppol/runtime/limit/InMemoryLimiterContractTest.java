package dev.mcppol.runtime.limit;

class InMemoryLimiterContractTest extends LimiterContract {

    @Override
    protected Limiter newLimiter() {
        return new InMemoryLimiter();
    }
}
