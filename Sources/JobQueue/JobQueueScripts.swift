import RedisClient

/// The Lua scripts that make multi-key steps atomic. Steps without a condition use MULTI/EXEC instead.
enum JobQueueScripts {
    /// KEYS: unique, stream, delayed. ARGV: job id, window ms, header, parameters, due ms or "".
    /// Returns the id of the job that holds the key: the existing one, or this one after queueing it.
    static let enqueueUnique = RedisScript(
        """
        local existing = redis.call('GET', KEYS[1])
        if existing then return existing end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        if ARGV[5] == '' then
          redis.call('XADD', KEYS[2], '*', 'h', ARGV[3], 'p', ARGV[4])
        else
          redis.call('ZADD', KEYS[3], ARGV[5], ARGV[3] .. '\\n' .. ARGV[4])
        end
        return ARGV[1]
        """
    )

    /// KEYS: delayed, stream. ARGV: now ms, most to move. Moves due jobs into the stream; returns how many.
    static let promote = RedisScript(
        """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        for _, member in ipairs(due) do
          local newline = string.find(member, '\\n', 1, true)
          if newline then
            redis.call('XADD', KEYS[2], '*', 'h', string.sub(member, 1, newline - 1), 'p', string.sub(member, newline + 1))
          else
            redis.call('XADD', KEYS[2], '*', 'h', member, 'p', '')
          end
          redis.call('ZREM', KEYS[1], member)
        end
        return #due
        """
    )

    /// KEYS: last-fired, stream. ARGV: slot ms, header, parameters. Queues the job only if this slot is later than
    /// the last one fired; returns 1 when it did.
    static let fireRecurring = RedisScript(
        """
        local last = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[1]) <= last then return 0 end
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('XADD', KEYS[2], '*', 'h', ARGV[2], 'p', ARGV[3])
        return 1
        """
    )

    /// KEYS: stream. ARGV: group, min idle ms. Deletes the group's consumers idle that long with nothing pending;
    /// returns how many. A missing stream or group removes nothing.
    static let pruneConsumers = RedisScript(
        """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
        if not ok then return 0 end
        local removed = 0
        for _, consumer in ipairs(consumers) do
          local fields = {}
          for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
          if fields['pending'] == 0 and fields['idle'] >= tonumber(ARGV[2]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
            removed = removed + 1
          end
        end
        return removed
        """
    )

    /// KEYS: lease. ARGV: owner, ttl ms. Takes a free lease or extends one this owner holds; returns 1 if held.
    static let holdLease = RedisScript(
        """
        local holder = redis.call('GET', KEYS[1])
        if holder == false then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        if holder == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """
    )

    /// KEYS: lease. ARGV: owner. Gives the lease up if this owner holds it.
    static let releaseLease = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """
    )
}
