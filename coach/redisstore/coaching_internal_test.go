package redisstore

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

// mustStore starts a real redis-server (redistest imports this package,
// so an internal test starts its own).
func mustStore(t *testing.T) *Store {
	t.Helper()
	dir := t.TempDir()
	srv, err := StartServer(context.Background(), ServerConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	rdb, err := Open(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	return New(rdb)
}

// TestLinkWriteOrder checks a half-written link (the coach's listing
// without the client's grant, as after a crash between the two steps)
// grants nothing and is not listed, and that unlinking removes both.
func TestLinkWriteOrder(t *testing.T) {
	st := mustStore(t)
	ctx := context.Background()
	coachID, clientID := coach.NewID(), coach.NewID()
	if err := st.rdb.ZAdd(ctx, clientsKey(coachID), redis.Z{Score: 1, Member: clientID}).Err(); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.IsCoachOf(ctx, coachID, clientID); err != nil || ok {
		t.Fatalf("a listing alone grants access: %v %v", ok, err)
	}
	if list, err := st.Clients(ctx, coachID); err != nil || len(list) != 0 {
		t.Fatalf("a half-written link is listed: %v %v", list, err)
	}
	if err := st.LinkClient(ctx, coachID, clientID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.Clients(ctx, coachID); len(list) != 1 || list[0].UserID != clientID {
		t.Fatalf("clients %v", list)
	}
	if list, _ := st.Coaches(ctx, clientID); len(list) != 1 || list[0].UserID != coachID {
		t.Fatalf("coaches %v", list)
	}
	if err := st.UnlinkClient(ctx, coachID, clientID); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{clientsKey(coachID), coachesKey(clientID)} {
		if n := st.rdb.ZCard(ctx, key).Val(); n != 0 {
			t.Errorf("%s still has %d members", key, n)
		}
	}
}

// TestClaimInviteIsAtomic races many claims on an invite with five uses.
func TestClaimInviteIsAtomic(t *testing.T) {
	st := mustStore(t)
	ctx := context.Background()
	now := time.Now().UTC()
	inv := coach.Invite{Code: coach.NewID(), CoachID: coach.NewID(), Uses: 5, UsesLeft: 5, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := st.CreateInvite(ctx, inv); err != nil {
		t.Fatal(err)
	}
	var ok, conflict atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := st.ClaimInvite(ctx, inv.Code, now)
			switch coach.ErrorCode(err) {
			case "":
				ok.Add(1)
			case coach.EConflict:
				conflict.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 5 || conflict.Load() != 15 {
		t.Fatalf("%d claims succeeded and %d conflicted, want 5 and 15", ok.Load(), conflict.Load())
	}
	if _, err := st.ClaimInvite(ctx, inv.Code, now); coach.ErrorCode(err) != coach.EConflict {
		t.Fatalf("used up: %v", err)
	}
	if _, err := st.ClaimInvite(ctx, coach.NewID(), now); coach.ErrorCode(err) != coach.ENotFound {
		t.Fatalf("unknown: %v", err)
	}
	fresh := coach.Invite{Code: coach.NewID(), CoachID: inv.CoachID, Uses: 1, UsesLeft: 1, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := st.CreateInvite(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ClaimInvite(ctx, fresh.Code, fresh.ExpiresAt); coach.ErrorCode(err) != coach.EConflict {
		t.Fatalf("claimed at its expiry: %v", err)
	}
}
