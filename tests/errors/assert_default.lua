assert(nil)
